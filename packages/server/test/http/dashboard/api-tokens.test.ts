import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiTokens } from '../../../src/platform/api-tokens.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

const tokenIn = (body: string, prefix: string): string => {
  const match = new RegExp(`value="(${prefix}[A-Za-z0-9_-]+)"`).exec(body);
  if (!match) throw new Error('no token value on the page');
  return match[1]!;
};

describe.each(backends())('site and workspace tokens in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  const api = (token: string, url = '/v2/sites') => t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
  });
  afterAll(() => t.close());

  it('creates a site token, shows its value once, and the Data API accepts it', async () => {
    await admin.get(`/sites/${world.siteA.id}/api-access`);
    const res = await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'Deploy bot ✓', scopes: ['sites:read', 'cms:read'] });
    expect(res.statusCode).toBe(201);
    const token = tokenIn(res.body, 'gth_site_');
    expect(res.body).toContain('Copy it now');
    const listed = await api(token);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().sites.map((s: { id: string }) => s.id)).toEqual([world.siteA.id]);
    const again = await admin.get(`/sites/${world.siteA.id}/api-access`);
    expect(again.body).toContain('Deploy bot ✓');
    expect(again.body).not.toContain(token);
    const rows = await t.runtime.ctx.db.selectFrom('access_tokens').selectAll().where('kind', '=', 'site').execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('offers custom_code scopes disabled and refuses them when sent anyway', async () => {
    const page = await admin.get(`/sites/${world.siteB.id}/api-access`);
    expect(page.body).toMatch(/value="custom_code:write"[^>]*disabled/);
    const res = await admin.post(`/sites/${world.siteB.id}/tokens`, { name: 'x', scopes: ['sites:read', 'custom_code:write'] });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Site tokens cannot carry: custom_code:write');
    expect(res.body).toContain('value="x"');
    const none = await admin.post(`/sites/${world.siteB.id}/tokens`, { name: 'no scopes' });
    expect(none.body).toContain('Choose at least one scope');
  });

  it('says clearly when a site has its 5 tokens', async () => {
    for (let i = 0; i < 5; i++) expect((await admin.post(`/sites/${world.siteB.id}/tokens`, { name: `t${i}`, scopes: 'sites:read' })).statusCode).toBe(201);
    const sixth = await admin.post(`/sites/${world.siteB.id}/tokens`, { name: 't6', scopes: 'sites:read' });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.body).toContain('at most 5');
    const page = await admin.get(`/sites/${world.siteB.id}/api-access`);
    expect(page.body).toContain('This site has 5 tokens, the most allowed. Revoke one to create another.');
    expect(page.body).not.toContain('Create token</button>');
  });

  it('revokes a site token after a confirmation step, and the Data API refuses it at once', async () => {
    const created = await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'short-lived', scopes: 'sites:read' });
    const token = tokenIn(created.body, 'gth_site_');
    expect((await api(token)).statusCode).toBe(200);
    const record = (await listApiTokens(t.runtime.ctx, { siteId: world.siteA.id })).find((r) => r.name === 'short-lived')!;
    const confirm = await admin.get(`/sites/${world.siteA.id}/tokens/${record.id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Revoke this token?');
    const res = await admin.post(`/sites/${world.siteA.id}/tokens/${record.id}/revoke`);
    expect(res.statusCode).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain('Token revoked');
    const refused = await api(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('not_authorized');
  });

  it('will not revoke a token through another site’s page', async () => {
    const [token] = await listApiTokens(t.runtime.ctx, { siteId: world.siteB.id });
    expect((await admin.post(`/sites/${world.siteA.id}/tokens/${token!.id}/revoke`)).statusCode).toBe(404);
    expect((await listApiTokens(t.runtime.ctx, { siteId: world.siteB.id })).map((r) => r.id)).toContain(token!.id);
  });

  it('creates workspace tokens with workspace scopes only', async () => {
    const page = await admin.get(`/workspaces/${world.workspace.id}/tokens`);
    expect(page.body).toContain('value="workspace:read"');
    expect(page.body).not.toContain('value="sites:read"');
    const refused = await admin.post(`/workspaces/${world.workspace.id}/tokens`, { name: 'w', scopes: 'sites:write' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Workspace tokens cannot carry: sites:write');
    const res = await admin.post(`/workspaces/${world.workspace.id}/tokens`, { name: 'Reporting', scopes: ['workspace:read', 'workspace_activity:read'] });
    expect(res.statusCode).toBe(201);
    const token = tokenIn(res.body, 'gth_ws_');
    expect((await api(token, '/v2/workspaces')).statusCode).toBe(200);
  });
});
