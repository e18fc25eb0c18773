import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config.js';
import { saveProtectedResource } from '../../../src/platform/authorization/protected-resources.js';
import { bearer } from '../../support/oauth-token.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, obtainCode, sessionCookie, tokenRequest } from '../oauth/oauth-helpers.js';

const FRONT = 'https://mcp.example.com/mcp';
const OTHER = 'https://reports.example.com/api';

describe('DATA_API_FRONT_RESOURCES: servers that act for their users through /v2', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const tokenFor = async (resource: string) => {
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, siteIds: [world.siteA.id], query: { resource } });
    const res = await tokenRequest(t.app, { client_id: world.app.clientId, client_secret: world.clientSecret, grant_type: 'authorization_code', code });
    expect(res.statusCode).toBe(200);
    return res.json().access_token as string;
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite', { DATA_API_FRONT_RESOURCES: FRONT });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
    for (const uri of [FRONT, OTHER]) await saveProtectedResource(t.runtime.ctx, ISSUER, { uri, name: uri, scopes: ['sites:read'] });
  });
  afterAll(() => t.close());

  it('lets a token bound to a named front resource reach /v2, within the sites the user picked', async () => {
    const token = await tokenFor(FRONT);
    const list = await t.app.inject({ url: '/v2/sites', headers: bearer(token) });
    expect(list.statusCode).toBe(200);
    expect(list.json().sites.map((s: { id: string }) => s.id)).toEqual([world.siteA.id]);
    expect((await t.app.inject({ url: `/v2/sites/${world.siteB.id}`, headers: bearer(token) })).statusCode).toBe(404);
  });

  it('still refuses a token bound to a resource not named', async () => {
    const res = await t.app.inject({ url: '/v2/sites', headers: bearer(await tokenFor(OTHER)) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a setting that is not a list of resource URIs', () => {
    expect(parseConfig({ DATA_API_FRONT_RESOURCES: 'https://a.example/mcp, http://127.0.0.1:3001/mcp' }).dataApiFrontResources).toEqual([
      'https://a.example/mcp',
      'http://127.0.0.1:3001/mcp',
    ]);
    for (const bad of ['mcp.example.com', 'https://a.example/mcp#x', 'ftp://a.example/x']) {
      expect(() => parseConfig({ DATA_API_FRONT_RESOURCES: bad }), bad).toThrow(/DATA_API_FRONT_RESOURCES/);
    }
  });
});
