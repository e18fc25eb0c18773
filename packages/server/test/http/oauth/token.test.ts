import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/platform/apps/apps.js';
import { introspectAccessToken } from '../../support/credential-checks.js';
import type { RevokedNotice } from '../../../src/platform/caches/events.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { REDIRECT, basic, obtainCode, pkcePair, sessionCookie, testClock, tokenRequest } from './oauth-helpers.js';

describe('POST /oauth/access_token', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const code = (query?: Record<string, string>, siteIds?: string[]) =>
    obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query, siteIds }).then((r) => r.code);
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });
  const exchange = async (extra: Record<string, unknown> = {}, opts?: Parameters<typeof tokenRequest>[2]) =>
    tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: await code(), ...extra }, opts);

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  it('exchanges a code sent as JSON for {access_token, token_type: "bearer", scope} with no-store', async () => {
    const res = await exchange();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'scope', 'token_type']);
    expect(body.token_type).toBe('bearer');
    expect(body.scope).toBe('sites:read');
    expect(body.access_token).toMatch(/^gth_oat_[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
  });

  it('accepts a form body, the /oauth/token alias and HTTP Basic with form-encoded credentials', async () => {
    expect((await exchange({}, { json: false })).statusCode).toBe(200);
    expect((await exchange({}, { url: '/oauth/token' })).statusCode).toBe(200);
    const viaBasic = await tokenRequest(
      t.app,
      { grant_type: 'authorization_code', code: await code() },
      { headers: { authorization: basic(world.app.clientId, world.clientSecret) } },
    );
    expect(viaBasic.statusCode).toBe(200);
  });

  it('refuses credentials in Basic and in the body at once', async () => {
    const res = await exchange({}, { headers: { authorization: basic(world.app.clientId, world.clientSecret) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_request');
  });

  it('answers 401 invalid_client, with WWW-Authenticate only when Basic failed', async () => {
    const body = await exchange({ client_secret: 'wrong' });
    expect(body.statusCode).toBe(401);
    expect(body.json().error).toBe('invalid_client');
    expect(body.headers['www-authenticate']).toBeUndefined();
    const viaBasic = await tokenRequest(
      t.app,
      { grant_type: 'authorization_code', code: 'x' },
      { headers: { authorization: basic(world.app.clientId, 'wrong') } },
    );
    expect(viaBasic.statusCode).toBe(401);
    expect(viaBasic.headers['www-authenticate']).toBe('Basic realm="gatehouse"');
    expect(viaBasic.headers['cache-control']).toBe('no-store');
    const noSecret = await tokenRequest(t.app, { grant_type: 'authorization_code', code: 'x', client_id: world.app.clientId });
    expect(noSecret.statusCode).toBe(401);
  });

  it('answers invalid_request for a missing grant_type and unsupported_grant_type for another', async () => {
    const missing = await tokenRequest(t.app, { ...creds(), code: 'x' });
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    const other = await tokenRequest(t.app, { ...creds(), grant_type: 'client_credentials' });
    expect(other.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const refresh = await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token: 'x' });
    expect(refresh.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses repeated parameters, arrays and non-strings in every encoding', async () => {
    const c = await code();
    const form = `client_id=${world.app.clientId}&client_secret=${world.clientSecret}&grant_type=authorization_code&code=${c}&code=${c}`;
    const dupForm = await t.app.inject({
      method: 'POST',
      url: '/oauth/access_token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });
    expect(dupForm.json().error).toBe('invalid_request');
    const dupJson = await t.app.inject({
      method: 'POST',
      url: '/oauth/access_token',
      headers: { 'content-type': 'application/json' },
      payload: `{"client_id":"${world.app.clientId}","client_secret":"${world.clientSecret}","grant_type":"authorization_code","code":"x","code":"${c}"}`,
    });
    expect(dupJson.json().error).toBe('invalid_request');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: [c] })).json().error).toBe('invalid_request');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: 42 })).json().error).toBe('invalid_request');
    // The code was never redeemed by the malformed requests.
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c })).statusCode).toBe(200);
  });

  it('answers wrong content types, broken JSON, JSON arrays and huge bodies with 4xx OAuth errors', async () => {
    const cases = [
      { headers: { 'content-type': 'text/plain' }, payload: 'grant_type=authorization_code' },
      { headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' },
      { headers: { 'content-type': 'application/json' }, payload: '["grant_type"]' },
      { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ code: 'x'.repeat(100_000) }) },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/oauth/access_token', ...c });
      expect(res.statusCode, c.payload.slice(0, 30)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error).toBe('invalid_request');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers malformed client authentication with 4xx, never a 500', async () => {
    const body = { grant_type: 'authorization_code', code: 'x' };
    for (const authorization of [
      'Basic !!!',
      'Basic ' + Buffer.from('no-colon').toString('base64'),
      'Basic ' + Buffer.from('%E0%A4%A:x').toString('base64'),
      'Bearer abc',
      'Basic',
    ]) {
      const res = await tokenRequest(t.app, body, { headers: { authorization } });
      expect(res.statusCode, authorization).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(['invalid_client', 'invalid_request']).toContain(res.json().error);
    }
    const proto = await t.app.inject({
      method: 'POST',
      url: '/oauth/access_token',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"grant_type":"authorization_code"},"constructor":"x"}',
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().error).toBe('invalid_request');
  });

  it('answers invalid_grant for unknown, unicode and other-client codes', async () => {
    const { app: other, clientSecret } = await createApp(t.runtime.ctx, world.workspace.id, {
      name: 'Other',
      description: '',
      homepage: 'https://o.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
    });
    const c = await code();
    const stolen = await tokenRequest(t.app, { client_id: other.clientId, client_secret: clientSecret, grant_type: 'authorization_code', code: c });
    expect(stolen.json().error).toBe('invalid_grant');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: 'gth_code_ünïcødé✓' })).json().error).toBe('invalid_grant');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c })).statusCode).toBe(200);
  });

  it('expires codes after 15 minutes', async () => {
    const c = await code();
    clock.advance(15 * 60 * 1000 + 1);
    const res = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c });
    expect(res.json().error).toBe('invalid_grant');
  });

  it('binds the code to the redirect_uri sent to authorize', async () => {
    const c = await code({ redirect_uri: REDIRECT });
    const missing = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c });
    expect(missing.json().error).toBe('invalid_grant');
    const wrong = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c, redirect_uri: `${REDIRECT}/` });
    expect(wrong.json().error).toBe('invalid_grant');
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT })).statusCode).toBe(200);
  });

  it('refuses a replayed code and revokes the token it issued', async () => {
    const notices: RevokedNotice[] = [];
    t.runtime.ctx.events.on('revoked', (n) => notices.push(n));
    const c = await code();
    const first = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c });
    const token = first.json().access_token;
    expect(await introspectAccessToken(t.runtime.ctx, token)).toBeDefined();
    const replay = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: c });
    expect(replay.json().error).toBe('invalid_grant');
    expect(await introspectAccessToken(t.runtime.ctx, token)).toBeUndefined();
    expect(notices.some((n) => n.tokenIds?.length === 1)).toBe(true);
  });

  it('verifies PKCE S256, and refuses a verifier when no challenge was sent', async () => {
    const { verifier, challenge } = pkcePair();
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const wrong = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: await code(pkce), code_verifier: pkcePair().verifier });
    expect(wrong.json().error).toBe('invalid_grant');
    const missing = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: await code(pkce) });
    expect(missing.json().error).toBe('invalid_grant');
    const downgrade = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: await code(), code_verifier: verifier });
    expect(downgrade.json().error).toBe('invalid_grant');
    const ok = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: await code(pkce), code_verifier: verifier });
    expect(ok.statusCode).toBe(200);
  });

  it('lets a public client redeem with client_id and PKCE only', async () => {
    const { app: spa } = await createApp(t.runtime.ctx, world.workspace.id, {
      name: 'SPA',
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
      clientType: 'public',
    });
    const { verifier, challenge } = pkcePair();
    const { code: c } = await obtainCode(t.app, cookie, {
      app: spa,
      workspaceId: world.workspace.id,
      query: { code_challenge: challenge, code_challenge_method: 'S256' },
    });
    const noVerifier = await tokenRequest(t.app, { client_id: spa.clientId, grant_type: 'authorization_code', code: c });
    expect(noVerifier.json().error).toBe('invalid_grant');
    const ok = await tokenRequest(t.app, { client_id: spa.clientId, grant_type: 'authorization_code', code: c, code_verifier: verifier });
    expect(ok.statusCode).toBe(200);
  });

  it('grants workspace-level scopes only with a whole-workspace authorization', async () => {
    const scope = { scope: 'sites:read workspace:read' };
    const sites = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query: scope, siteIds: [world.siteA.id] });
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: sites.code })).json().scope).toBe('sites:read');
    const whole = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query: scope });
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: whole.code })).json().scope).toBe('sites:read workspace:read');
  });
});
