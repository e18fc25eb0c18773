import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/platform/apps/apps.js';
import { sweepSpentRetryAnswers } from '../../../src/platform/oauth-storage/oauth-refresh.js';
import { introspectAccessToken } from '../../support/credential-checks.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, REDIRECT, authorizeQuery, obtainCode, pkcePair, sessionCookie, testClock, tokenRequest } from '../oauth/oauth-helpers.js';

describe('the public-client token policy (REFRESH_TOKENS off for confidential apps)', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  let spa: App;
  const start = async () => {
    const { verifier, challenge } = pkcePair();
    const { code } = await obtainCode(t.app, cookie, {
      app: spa,
      workspaceId: world.workspace.id,
      query: { code_challenge: challenge, code_challenge_method: 'S256' },
    });
    return (await tokenRequest(t.app, { client_id: spa.clientId, grant_type: 'authorization_code', code, code_verifier: verifier })).json();
  };
  const refresh = (refresh_token: string) => tokenRequest(t.app, { client_id: spa.clientId, grant_type: 'refresh_token', refresh_token });

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ACCESS_TOKEN_TTL_SECONDS: '600', REFRESH_RETRY_GRACE_SECONDS: '30' }, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
    ({ app: spa } = await createApp(t.runtime.ctx, world.workspace.id, {
      name: 'MCP client',
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
      clientType: 'public',
    }));
  });
  afterAll(() => t.close());

  it('requires PKCE with S256 on the authorize request', async () => {
    const attempts: Record<string, string>[] = [{}, { code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }];
    for (const extra of attempts) {
      const res = await t.app.inject({ url: `/oauth/authorize?${authorizeQuery(spa, extra)}`, headers: { cookie } });
      const location = new URL(res.headers.location!.toString(), ISSUER);
      expect(location.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('issues expiring access tokens and a refresh token, while confidential apps keep non-expiring tokens', async () => {
    const tokens = await start();
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 600, refresh_token: expect.stringMatching(/^gth_rt_/) });
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id });
    const confidential = (
      await tokenRequest(t.app, { client_id: world.app.clientId, client_secret: world.clientSecret, grant_type: 'authorization_code', code })
    ).json();
    expect(confidential).not.toHaveProperty('refresh_token');
    expect(confidential).not.toHaveProperty('expires_in');
    const refused = await tokenRequest(t.app, {
      client_id: world.app.clientId,
      client_secret: world.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refused.json()).toEqual({ error: 'unsupported_grant_type', error_description: expect.any(String) });
  });

  it('answers a retried refresh within the grace period with the same tokens, and the family lives on', async () => {
    const first = await start();
    const rotated = await refresh(first.refresh_token);
    expect(rotated.statusCode).toBe(200);
    clock.advance(29_000);
    const retried = await refresh(first.refresh_token);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(rotated.json());
    expect(await introspectAccessToken(t.runtime.ctx, rotated.json().access_token)).toBeDefined();
    const next = await refresh(rotated.json().refresh_token);
    expect(next.statusCode).toBe(200);
  });

  it('treats the same retry after the grace period as reuse and revokes the family', async () => {
    const first = await start();
    const rotated = (await refresh(first.refresh_token)).json();
    clock.advance(31_000);
    const late = await refresh(first.refresh_token);
    expect(late.statusCode).toBe(400);
    expect(late.json()).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('already used') });
    expect(await introspectAccessToken(t.runtime.ctx, rotated.access_token)).toBeUndefined();
    expect((await refresh(rotated.refresh_token)).json().error).toBe('invalid_grant');
  });

  it('gives no retry answer once the family is revoked, and the sweep erases spent answers', async () => {
    const first = await start();
    const rotated = (await refresh(first.refresh_token)).json();
    expect((await refresh(rotated.refresh_token)).statusCode).toBe(200);
    clock.advance(31_000);
    expect((await refresh(rotated.refresh_token)).json().error).toBe('invalid_grant');
    expect((await refresh(first.refresh_token)).json().error).toBe('invalid_grant');
    const kept = async () =>
      (await t.runtime.ctx.db.selectFrom('refresh_tokens').select('digest').where('retry_answer_sealed', 'is not', null).execute()).length;
    await start().then((s) => refresh(s.refresh_token));
    expect(await kept()).toBeGreaterThan(0);
    clock.advance(301_000);
    await sweepSpentRetryAnswers(t.runtime.ctx);
    expect(await kept()).toBe(0);
  });
});
