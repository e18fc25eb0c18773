import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAuthorization, revokeAuthorization } from '../../src/platform/authorization/authorizations.js';
import { codeGrantStore } from '../../src/platform/oauth-storage/oauth-codes.js';
import { introspectAccessToken } from '../support/credential-checks.js';
import { refreshGrantStore } from '../../src/platform/oauth-storage/oauth-refresh.js';
import { revokeAuthorizationByToken } from '../../src/platform/oauth-storage/oauth-revocation.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';

const policy = { refreshTokens: true, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 86_400 };

/** The storage contracts written in oauth/grants/*.ts, on every backend. */
describe.each(backends())('OAuth code and refresh storage on %s', (backend) => {
  let runtime: TestRuntime;
  let world: World;
  const newCode = async (siteIds: string[] = []) => {
    const request = {
      clientId: world.app.clientId,
      redirectUri: world.app.redirectUris[0]!,
      redirectUriSent: null,
      scopes: ['sites:read', 'workspace:read'],
      state: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    };
    const target = siteIds.length ? ('sites' as const) : ('workspace' as const);
    return approveAuthorization(runtime.ctx, world.app, { id: world.admin.id, email: world.admin.email }, request, {
      workspaceId: world.workspace.id,
      target,
      siteIds,
    });
  };

  beforeAll(async () => {
    runtime = await createTestRuntime(backend);
    world = await createWorld(runtime.ctx);
  });
  afterAll(() => runtime.dispose());

  it('finds a code by its value, never stores the value, and redeems it exactly once', async () => {
    const store = codeGrantStore(runtime.ctx, policy);
    const { code } = await newCode([world.siteA.id]);
    const stored = await runtime.ctx.db.selectFrom('authorization_codes').select('digest').execute();
    expect(stored.every((r) => r.digest !== code)).toBe(true);
    const found = (await store.find(code))!;
    expect(found).toMatchObject({ appId: world.app.id, consumed: false, redirectUri: null });
    const tokens = (await store.redeem(found))!;
    expect(tokens.scope).toBe('sites:read');
    expect(tokens.refreshToken).toMatch(/^gth_rt_/);
    expect(await store.redeem(found)).toBeUndefined();
    expect((await store.find(code))!.consumed).toBe(true);
    await store.revokeIssuedFrom(found);
    expect(await introspectAccessToken(runtime.ctx, tokens.accessToken)).toBeUndefined();
  });

  it('answers undefined for unknown codes and refuses codes of a revoked authorization', async () => {
    const store = codeGrantStore(runtime.ctx, policy);
    expect(await store.find('gth_code_unknown')).toBeUndefined();
    const { code, authorizationId } = await newCode();
    await revokeAuthorization(runtime.ctx, authorizationId);
    expect(await store.redeem((await store.find(code))!)).toBeUndefined();
  });

  it('rotates a refresh token once and revokes the family on reuse', async () => {
    const codes = codeGrantStore(runtime.ctx, policy);
    const refresh = refreshGrantStore(runtime.ctx, policy);
    const { code } = await newCode();
    const first = (await codes.redeem((await codes.find(code))!))!;
    const rotated = await refresh.rotate(first.refreshToken!, world.app.id, undefined);
    expect(rotated.kind).toBe('issued');
    expect((await refresh.rotate(first.refreshToken!, world.app.id, undefined)).kind).toBe('reused');
    if (rotated.kind === 'issued') expect(await introspectAccessToken(runtime.ctx, rotated.tokens.accessToken)).toBeUndefined();
    expect((await refresh.rotate('gth_rt_nope', world.app.id, undefined)).kind).toBe('invalid');
  });

  it('revokes an authorization by token only for the client it was issued to', async () => {
    const codes = codeGrantStore(runtime.ctx, policy);
    const { code } = await newCode();
    const tokens = (await codes.redeem((await codes.find(code))!))!;
    expect(await revokeAuthorizationByToken(runtime.ctx, 'f'.repeat(24), tokens.accessToken)).toBe(false);
    expect(await revokeAuthorizationByToken(runtime.ctx, world.app.id, tokens.accessToken)).toBe(true);
    expect(await revokeAuthorizationByToken(runtime.ctx, world.app.id, tokens.accessToken)).toBe(false);
  });
});
