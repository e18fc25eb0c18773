import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectAccessToken } from '../../support/credential-checks.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { obtainCode, sessionCookie, testClock, tokenRequest } from './oauth-helpers.js';

describe('expiring access tokens with rotating refresh tokens (REFRESH_TOKENS=true)', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });
  const start = async () => {
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query: { scope: 'sites:read cms:read' } });
    return (await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).json();
  };
  const refresh = (refresh_token: string, extra: Record<string, string> = {}) =>
    tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token, ...extra });

  beforeAll(async () => {
    t = await createTestApp('sqlite', { REFRESH_TOKENS: 'true', ACCESS_TOKEN_TTL_SECONDS: '600', REFRESH_TOKEN_TTL_SECONDS: '86400' }, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  it('issues expires_in and a refresh_token, and the access token expires', async () => {
    const first = await start();
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 600 });
    expect(first.refresh_token).toMatch(/^gth_rt_/);
    expect(await introspectAccessToken(t.runtime.ctx, first.access_token)).toMatchObject({ exp: expect.any(Number) });
    clock.advance(601_000);
    expect(await introspectAccessToken(t.runtime.ctx, first.access_token)).toBeUndefined();
  });

  it('rotates: a refresh answers a new pair and the new access token works', async () => {
    const first = await start();
    const next = await refresh(first.refresh_token);
    expect(next.statusCode).toBe(200);
    const body = next.json();
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(body.scope).toBe('cms:read sites:read');
    expect(await introspectAccessToken(t.runtime.ctx, body.access_token)).toBeDefined();
  });

  it('narrows scope on request, never widens it', async () => {
    const first = await start();
    const narrowed = await refresh(first.refresh_token, { scope: 'sites:read' });
    expect(narrowed.json().scope).toBe('sites:read');
    const wider = await refresh(narrowed.json().refresh_token, { scope: 'sites:read sites:write' });
    expect(wider.json().error).toBe('invalid_scope');
    const again = await refresh(narrowed.json().refresh_token);
    expect(again.json().scope).toBe('cms:read sites:read');
  });

  it('treats reuse as theft: invalid_grant and the whole family is revoked', async () => {
    const first = await start();
    const second = (await refresh(first.refresh_token)).json();
    const reuse = await refresh(first.refresh_token);
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error).toBe('invalid_grant');
    expect(await introspectAccessToken(t.runtime.ctx, second.access_token)).toBeUndefined();
    expect((await refresh(second.refresh_token)).json().error).toBe('invalid_grant');
  });

  it('RFC 7009: revoking an access token revokes the refresh token issued with it, and not one issued with another', async () => {
    const first = await start();
    const other = await start();
    const revoked = await tokenRequest(t.app, { ...creds(), token: first.access_token }, { url: '/oauth/revoke' });
    expect(revoked.statusCode).toBe(200);
    expect(await introspectAccessToken(t.runtime.ctx, first.access_token)).toBeUndefined();
    expect((await refresh(first.refresh_token)).json().error).toBe('invalid_grant');
    expect((await refresh(other.refresh_token)).statusCode).toBe(200);
  });

  it('revokes on a replayed code the access tokens refreshed from it, and no other grant of the authorization', async () => {
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query: { scope: 'sites:read cms:read' } });
    const first = (await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).json();
    const refreshed = (await refresh(first.refresh_token)).json();
    const other = await start();
    const replay = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code });
    expect(replay.json().error).toBe('invalid_grant');
    expect(await introspectAccessToken(t.runtime.ctx, refreshed.access_token)).toBeUndefined();
    expect(await introspectAccessToken(t.runtime.ctx, other.access_token)).toBeDefined();
  });

  it("refuses an unknown refresh token or another client's", async () => {
    expect((await refresh('gth_rt_nope')).json().error).toBe('invalid_grant');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token' })).json().error).toBe('invalid_request');
  });

  it('lets only one of concurrent refreshes with one token win', async () => {
    const first = await start();
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(first.refresh_token)));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 200)) expect(a.json().error).toBe('invalid_grant');
  });

  it('advertises the refresh_token grant in the metadata', async () => {
    expect((await t.app.inject('/.well-known/oauth-authorization-server')).json().grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
  });

  // Last: it moves the clock days ahead.
  it('expires a refresh token unused for REFRESH_TOKEN_TTL_SECONDS; each rotation starts a fresh lifetime', async () => {
    const first = await start();
    clock.advance(86_000_000); // just under a day
    const second = await refresh(first.refresh_token);
    expect(second.statusCode).toBe(200);
    clock.advance(86_000_000); // nearly two days after the grant, under one after the rotation
    const third = await refresh(second.json().refresh_token);
    expect(third.statusCode).toBe(200);
    clock.advance(86_400_001);
    const late = await refresh(third.json().refresh_token);
    expect([late.statusCode, late.json().error]).toEqual([400, 'invalid_grant']);
  });
});
