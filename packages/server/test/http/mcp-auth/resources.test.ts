import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProtectedResource } from '../../../src/platform/authorization/protected-resources.js';
import { bearer } from '../../support/oauth-token.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, REDIRECT, authorizeQuery, basic, obtainCode, sessionCookie, tokenRequest } from '../oauth/oauth-helpers.js';

const MCP = 'https://mcp.example.com/mcp';
const V2 = `${ISSUER}/v2`;

describe('RFC 8707 resources and audiences', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });
  const exchange = async (query: Record<string, string>, extra: Record<string, string> = {}) => {
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, query });
    return tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code, ...extra });
  };
  const introspect = (token: string) =>
    tokenRequest(t.app, { token }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(world.app.clientId, world.clientSecret) } });
  const authorizeRedirect = async (extra: Record<string, string>) => {
    const res = await t.app.inject({ url: `/oauth/authorize?${authorizeQuery(world.app, extra)}`, headers: { cookie } });
    expect(res.statusCode).toBe(303);
    return new URL(res.headers.location!.toString(), ISSUER);
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite', { REFRESH_TOKENS: 'true' });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
    await saveProtectedResource(t.runtime.ctx, ISSUER, { uri: MCP, name: 'Sites MCP', scopes: ['sites:read', 'cms:read'] });
  });
  afterAll(() => t.close());

  it('refuses an unknown, malformed or repeated resource with invalid_target on the redirect', async () => {
    for (const resource of ['https://elsewhere.example.com/mcp', 'not a uri', `${MCP}#frag`]) {
      const location = await authorizeRedirect({ resource });
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_target');
      expect(location.searchParams.get('state')).toBe('xyz');
    }
    const twice = await t.app.inject({
      url: `/oauth/authorize?${authorizeQuery(world.app)}&resource=${encodeURIComponent(MCP)}&resource=${encodeURIComponent(V2)}`,
      headers: { cookie },
    });
    expect(new URL(twice.headers.location!.toString()).searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses scopes the resource does not accept with invalid_scope', async () => {
    const location = await authorizeRedirect({ resource: MCP, scope: 'sites:read sites:write' });
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('error_description')).toContain('sites:write');
  });

  it('shows the resource on the consent page', async () => {
    const start = await t.app.inject({ url: `/oauth/authorize?${authorizeQuery(world.app, { resource: MCP })}`, headers: { cookie } });
    const page = await t.app.inject({ url: start.headers.location!.toString(), headers: { cookie } });
    expect(page.body).toContain('Sites MCP');
    expect(page.body).toContain(MCP);
  });

  it('binds the tokens: introspection answers aud, /v2 refuses them, and the token request may not name another resource', async () => {
    const wrong = await exchange({ resource: MCP }, { resource: V2 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: 'invalid_target', error_description: expect.any(String) });

    const ok = await exchange({ resource: MCP }, { resource: MCP });
    expect(ok.statusCode).toBe(200);
    const { access_token, refresh_token } = ok.json();
    expect((await introspect(access_token)).json()).toMatchObject({ active: true, aud: MCP });
    const onV2 = await t.app.inject({ url: '/v2/sites', headers: bearer(access_token) });
    expect(onV2.statusCode).toBe(401);

    const refreshElsewhere = await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token, resource: V2 });
    expect(refreshElsewhere.json().error).toBe('invalid_target');
    const refreshed = await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token, resource: MCP });
    expect(refreshed.statusCode).toBe(200);
    expect((await introspect(refreshed.json().access_token)).json().aud).toBe(MCP);
  });

  it('accepts tokens bound to /v2 and tokens bound to nothing on /v2', async () => {
    const bound = (await exchange({ resource: V2 })).json();
    expect((await introspect(bound.access_token)).json().aud).toBe(V2);
    expect((await t.app.inject({ url: '/v2/sites', headers: bearer(bound.access_token) })).statusCode).toBe(200);

    const unbound = await exchange({});
    expect((await introspect(unbound.json().access_token)).json()).not.toHaveProperty('aud');
    expect((await t.app.inject({ url: '/v2/sites', headers: bearer(unbound.json().access_token) })).statusCode).toBe(200);
    const named = await exchange({}, { resource: MCP });
    expect(named.json().error).toBe('invalid_target');
  });

  it("keeps aud out of /v2/token/introspect, whose shape is Webflow's", async () => {
    const bound = (await exchange({ resource: V2 })).json();
    const body = (await t.app.inject({ url: '/v2/token/introspect', headers: bearer(bound.access_token) })).json();
    expect(JSON.stringify(body)).not.toContain('"aud"');
  });
});
