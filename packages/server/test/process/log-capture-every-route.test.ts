import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PREFIX } from '../../src/crypto/tokens.js';
import { buildApp } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { createSiteToken, createWorkspaceToken } from '../../src/platform/tokens/api-tokens.js';
import { PASSWORD, createWorld, type World } from '../support/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';
import { authorizeQuery, basic, hiddenCsrf, hiddenInteraction, pkcePair, REDIRECT, setCookies, tokenRequest } from '../http/oauth/oauth-helpers.js';

/**
 * docs/configuration.md, "What is never logged": a server logging at `debug` into memory, driven
 * through the OAuth flow, the Data API, the dashboard and many unknown routes with credentials in
 * paths, unlisted query names and bodies; the log is then searched for every secret the test made.
 */
describe('the log of a server at debug level', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let world: World;
  let log = '';
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite', { REFRESH_TOKENS: 'true', LOG_LEVEL: 'debug' });
    const stream = new Writable({ write: (chunk, _enc, done) => ((log += chunk.toString()), done()) });
    app = await buildApp(runtime, { logger: loggerOptions('debug', stream) });
    await app.ready();
    world = await createWorld(runtime.ctx);
    secrets.clientSecret = world.clientSecret;
    secrets.password = PASSWORD;
    secrets.siteToken = (await createSiteToken(runtime.ctx, world.siteA.id, { name: 'logs', scopes: ['sites:read'] })).token;
    secrets.workspaceToken = (await createWorkspaceToken(runtime.ctx, world.workspace.id, { name: 'logs', scopes: ['workspace:read'] })).token;
    secrets.webhookSecret = TOKEN_PREFIX.webhookSecret + 'W3bh00k'.repeat(6);
    await drive();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await runtime?.dispose();
  });

  const inject = (opts: InjectOptions) => app.inject(opts);

  async function drive(): Promise<void> {
    // Sign in through the form, from an authorize request, so return_to carries the interaction handle.
    const pkce = pkcePair();
    secrets.codeVerifier = pkce.verifier;
    const authorize = await inject({
      url: `/oauth/authorize?${authorizeQuery(world.app, { code_challenge: pkce.challenge, code_challenge_method: 'S256', redirect_uri: REDIRECT })}`,
    });
    const loginUrl = String(authorize.headers.location);
    const loginPage = await inject({ url: loginUrl });
    const csrfCookie = setCookies(loginPage);
    secrets.csrfCookie = csrfCookie.split('=')[1]!;
    secrets.loginCsrf = hiddenCsrf(loginPage.body);
    const returnTo = new URL(loginUrl, 'http://127.0.0.1').searchParams.get('return_to')!;
    const login = await inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: secrets.loginCsrf, email: world.admin.email, password: PASSWORD, return_to: returnTo }).toString(),
    });
    expect(login.statusCode).toBe(303);
    const session = login.cookies.find((c) => c.name === 'gatehouse_session')!.value;
    secrets.session = session;
    const cookie = `${csrfCookie}; gatehouse_session=${session}`;
    const consent = await inject({ url: String(login.headers.location), headers: { cookie } });
    secrets.interaction = hiddenInteraction(consent.body);
    secrets.consentCsrf = hiddenCsrf(consent.body);
    expect(secrets.interaction).toMatch(/^gth_int_/);
    const decision = await inject({
      method: 'POST',
      url: '/oauth/authorize/decision',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: secrets.consentCsrf,
        interaction: secrets.interaction,
        decision: 'approve',
        workspace_id: world.workspace.id,
        target: 'workspace',
      }).toString(),
    });
    expect(decision.statusCode).toBe(303);
    secrets.code = new URL(String(decision.headers.location)).searchParams.get('code')!;

    const token = await tokenRequest(app, {
      client_id: world.app.clientId,
      client_secret: world.clientSecret,
      grant_type: 'authorization_code',
      code: secrets.code,
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
    });
    expect(token.statusCode).toBe(200);
    secrets.accessToken = token.json().access_token;
    secrets.refreshToken = token.json().refresh_token;
    expect(secrets.refreshToken).toMatch(/^gth_rt_/);
    const refreshed = await tokenRequest(
      app,
      { grant_type: 'refresh_token', refresh_token: secrets.refreshToken },
      { json: false, url: '/oauth/token', headers: { authorization: basic(world.app.clientId, world.clientSecret) } },
    );
    expect(refreshed.statusCode).toBe(200);
    secrets.rotatedAccessToken = refreshed.json().access_token;
    secrets.rotatedRefreshToken = refreshed.json().refresh_token;

    const all = Object.values(secrets).filter((s) => s.startsWith('gth_'));
    // Credentials where they should never be: paths, unlisted query names, fragments of messages.
    for (const s of all) {
      await inject({ url: `/nope/${s}` });
      await inject({ url: `/v2/sites/${s}`, headers: { authorization: `Bearer ${secrets.rotatedAccessToken}` } });
      await inject({ url: `/v2/sites?unlisted=${s}&other=${encodeURIComponent(s)}` });
      await inject({ url: `/oauth/${s}?x=1` });
      await inject({ url: `/docs/${s.replace(/_/g, '%5F')}` });
      await inject({ method: 'DELETE', url: `/v2/webhooks/${s}`, headers: { authorization: `Bearer ${s}` } });
    }
    await inject({ url: `/login?return_to=${encodeURIComponent(`/after?code=${secrets.code}&next=${secrets.accessToken}`)}` });
    await inject({ url: `/oauth/authorize/resume?interaction=${secrets.interaction}`, headers: { cookie } });
    await inject({ url: `/v2/sites?access_token=${secrets.siteToken}` });
    await inject({ url: '/v2/sites', headers: { authorization: `Bearer ${secrets.workspaceToken}` } });
    await inject({ url: '/v2/token/introspect', headers: { authorization: `Bearer ${secrets.rotatedAccessToken}` } });
    // Bodies a parser chokes on, quoting credentials in the error message.
    await inject({
      method: 'POST',
      url: '/oauth/access_token',
      headers: { 'content-type': 'application/json' },
      payload: `{"client_secret": "${world.clientSecret}", "code": "${secrets.code}"`,
    });
    await inject({
      method: 'POST',
      url: `/v2/sites/${world.siteA.id}/webhooks`,
      headers: { authorization: `Bearer ${secrets.rotatedAccessToken}`, 'content-type': 'application/json' },
      payload: `{"url": "https://example.com/${secrets.webhookSecret}", oops`,
    });
    await inject({
      method: 'POST',
      url: '/oauth/introspect',
      headers: { authorization: basic(world.app.clientId, world.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${secrets.rotatedAccessToken}`,
    });
    await inject({
      method: 'POST',
      url: '/oauth/revoke',
      headers: { authorization: basic(world.app.clientId, world.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${secrets.rotatedRefreshToken}`,
    });
    await inject({ url: '/', headers: { cookie } });
    await inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${secrets.loginCsrf}`,
    });
  }

  it('logged the requests, including the unknown routes', () => {
    expect(log).toContain('"msg":"incoming request"');
    expect(log).toMatch(/"msg":"Route GET:\/nope\/gth_[a-z]+_\[Redacted\] not found"/);
    expect(log).toContain('gth_int_[Redacted]');
  });

  it('holds none of the secrets the test made, with or without their prefix', () => {
    expect(Object.keys(secrets).length).toBe(16);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      expect(log.includes(secret), `${name} in the log`).toBe(false);
      expect(log.includes(secret.replace(/^gth_[a-z]+_/, '')), `${name} (without prefix) in the log`).toBe(false);
      expect(log.includes(encodeURIComponent(secret)), `${name} (URL-encoded) in the log`).toBe(false);
    }
  });
});
