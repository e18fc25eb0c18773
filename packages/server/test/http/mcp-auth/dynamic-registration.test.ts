import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApps } from '../../../src/platform/apps/apps.js';
import { unusedRegistrationsJob } from '../../../src/platform/apps/client-registrations.js';
import { introspectAccessToken } from '../../support/credential-checks.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { obtainCode, pkcePair, sessionCookie, testClock, tokenRequest } from '../oauth/oauth-helpers.js';

const LOOPBACK = 'http://127.0.0.1:33418/callback';

describe('dynamic client registration (RFC 7591, RFC 7592)', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  let address = 0;
  const register = (body: unknown, remoteAddress = `10.0.0.${++address}`) =>
    t.app.inject({ method: 'POST', url: '/oauth/register', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const asApp = (registered: Record<string, any>) => ({
    id: '',
    workspaceId: '',
    name: '',
    description: '',
    homepage: '',
    clientId: registered.client_id,
    clientType: 'public' as const,
    scopes: [],
    redirectUris: [LOOPBACK],
    restrictToSingleSite: false,
    isPublic: true,
    createdOn: '',
    updatedOn: '',
  });
  const mcpClient = {
    client_name: 'Claude',
    redirect_uris: [LOOPBACK],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    application_type: 'native',
  };

  beforeAll(async () => {
    t = await createTestApp(
      'sqlite',
      { CLIENT_REGISTRATION: 'true', CLIENT_REGISTRATION_PER_HOUR: '3', CLIENT_REGISTRATION_UNUSED_TTL_HOURS: '24' },
      { now: clock.now },
    );
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  it('is off by default: no endpoint, and the metadata names none', async () => {
    const off = await createTestApp('sqlite');
    try {
      expect(
        (await off.app.inject({ method: 'POST', url: '/oauth/register', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(mcpClient) }))
          .statusCode,
      ).toBe(404);
      expect((await off.app.inject('/.well-known/oauth-authorization-server')).json()).not.toHaveProperty('registration_endpoint');
    } finally {
      await off.close();
    }
  });

  it('names registration_endpoint in the metadata when on', async () => {
    const meta = (await t.app.inject('/.well-known/oauth-authorization-server')).json();
    expect(meta.registration_endpoint).toBe('http://127.0.0.1:8080/oauth/register');
  });

  it('registers a public native client: 201 with client_id and a registration access token, no secret', async () => {
    const res = await register(mcpClient);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      client_id: expect.stringMatching(/^[0-9a-f]{64}$/),
      registration_access_token: expect.stringMatching(/^gth_reg_/),
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: [LOOPBACK],
    });
    expect(body.registration_client_uri).toBe(`http://127.0.0.1:8080/oauth/register/${body.client_id}`);
    expect(body).not.toHaveProperty('client_secret');
    const confidential = (await register({ redirect_uris: ['https://app.example.com/cb'] })).json();
    expect(confidential).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'web',
      client_secret: expect.stringMatching(/^gth_cs_/),
    });
  });

  it('refuses bad metadata with RFC 7591 §3.2.2 errors', async () => {
    const cases: Array<[unknown, string]> = [
      [{ client_name: 'x' }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['http://evil.example.com/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://app.example.com/cb#frag'] }, 'invalid_redirect_uri'],
      [{ ...mcpClient, token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
      [{ ...mcpClient, grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
      [{ ...mcpClient, response_types: ['token'] }, 'invalid_client_metadata'],
      [{ ...mcpClient, scope: 'sites:read sites:fly' }, 'invalid_client_metadata'],
      [{ ...mcpClient, application_type: 'browser' }, 'invalid_client_metadata'],
      [[mcpClient], 'invalid_client_metadata'],
    ];
    for (const [body, error] of cases) {
      const res = await register(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toEqual({ error, error_description: expect.any(String) });
    }
    const form = await t.app.inject({
      method: 'POST',
      url: '/oauth/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'redirect_uris=x',
    });
    expect(form.json().error).toBe('invalid_request');
  });

  it('limits registrations per address per hour with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await register(mcpClient, '10.9.9.9')).statusCode).toBe(201);
    const over = await register(mcpClient, '10.9.9.9');
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBe('3600');
    expect(over.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    expect((await register(mcpClient, '10.9.9.10')).statusCode).toBe(201);
  });

  it('appears in the dashboard of the workspace that first installs it, and gets the public-client policy', async () => {
    const registered = (await register(mcpClient)).json();
    const before = await listApps(t.runtime.ctx, world.workspace.id);
    expect(before.map((a) => a.clientId)).not.toContain(registered.client_id);
    const { verifier, challenge } = pkcePair();
    const { code } = await obtainCode(t.app, cookie, {
      app: asApp(registered),
      workspaceId: world.workspace.id,
      query: { redirect_uri: LOOPBACK, code_challenge: challenge, code_challenge_method: 'S256' },
    });
    const installed = (await listApps(t.runtime.ctx, world.workspace.id)).find((a) => a.clientId === registered.client_id);
    expect(installed).toMatchObject({ name: 'Claude', clientType: 'public', isPublic: true, redirectUris: [LOOPBACK] });
    const tokens = await tokenRequest(t.app, {
      client_id: registered.client_id,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: LOOPBACK,
    });
    expect(tokens.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: expect.any(String) });

    const outsiderCookie = await sessionCookie(t.runtime, world.outsider);
    const pair = pkcePair();
    await obtainCode(t.app, outsiderCookie, {
      app: asApp(registered),
      workspaceId: world.otherWorkspace.id,
      query: { redirect_uri: LOOPBACK, code_challenge: pair.challenge, code_challenge_method: 'S256' },
    });
    expect((await listApps(t.runtime.ctx, world.otherWorkspace.id)).map((a) => a.clientId)).not.toContain(registered.client_id);
    expect((await listApps(t.runtime.ctx, world.workspace.id)).filter((a) => a.clientId === registered.client_id)).toHaveLength(1);
  });

  it('reads and deletes a registration with its registration access token (RFC 7592), ending its grants', async () => {
    const registered = (await register(mcpClient)).json();
    const url = `/oauth/register/${registered.client_id}`;
    const auth = { authorization: `Bearer ${registered.registration_access_token}` };
    const read = await t.app.inject({ url, headers: auth });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ client_id: registered.client_id, client_name: 'Claude', redirect_uris: [LOOPBACK] });
    expect(read.json()).not.toHaveProperty('registration_access_token');
    for (const headers of [{}, { authorization: 'Bearer gth_reg_wrong' }]) {
      const refused = await t.app.inject({ url, headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toBe('invalid_token');
    }
    expect((await t.app.inject({ method: 'DELETE', url, headers: { authorization: 'Bearer gth_reg_wrong' } })).statusCode).toBe(401);

    const { verifier, challenge } = pkcePair();
    const { code } = await obtainCode(t.app, cookie, {
      app: asApp(registered),
      workspaceId: world.workspace.id,
      query: { redirect_uri: LOOPBACK, code_challenge: challenge, code_challenge_method: 'S256' },
    });
    const { access_token } = (
      await tokenRequest(t.app, { client_id: registered.client_id, grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: LOOPBACK })
    ).json();
    expect(await introspectAccessToken(t.runtime.ctx, access_token)).toBeDefined();

    expect((await t.app.inject({ method: 'DELETE', url, headers: auth })).statusCode).toBe(204);
    expect(await introspectAccessToken(t.runtime.ctx, access_token)).toBeUndefined();
    expect((await t.app.inject({ url, headers: auth })).statusCode).toBe(401);
    const authorize = await t.app.inject({
      url: `/oauth/authorize?client_id=${registered.client_id}&response_type=code&scope=sites:read`,
      headers: { cookie },
    });
    expect(authorize.statusCode).toBe(400);
  });

  it('sweeps registrations no workspace installed once they are older than the TTL', async () => {
    const unused = (await register(mcpClient)).json();
    const used = (await register(mcpClient)).json();
    const pair = pkcePair();
    await obtainCode(t.app, cookie, {
      app: asApp(used),
      workspaceId: world.workspace.id,
      query: { redirect_uri: LOOPBACK, code_challenge: pair.challenge, code_challenge_method: 'S256' },
    });
    const job = unusedRegistrationsJob(24);
    clock.advance(23 * 3_600_000);
    await job.sweep(t.runtime.ctx);
    const left = async () => (await t.runtime.ctx.db.selectFrom('client_registrations').select('client_id').execute()).map((r) => r.client_id);
    expect(await left()).toContain(unused.client_id);
    clock.advance(2 * 3_600_000);
    expect(await job.sweep(t.runtime.ctx)).toBeGreaterThan(0);
    expect(await left()).not.toContain(unused.client_id);
    expect(await left()).toContain(used.client_id);
  });
});
