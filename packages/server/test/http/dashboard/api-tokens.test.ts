import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiTokens } from '../../../src/platform/tokens/api-tokens.js';
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

  /** Creates a token through the form and follows the redirect to the page that shows its value. */
  async function createToken(path: string, form: Record<string, string | string[]>, prefix: string) {
    const res = await admin.post(`${path}/tokens`, form);
    expect(res.statusCode).toBe(303);
    const page = await admin.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    return { res, page, token: tokenIn(page.body, prefix) };
  }

  it('creates a site token, shows its value once after a redirect, and the Data API accepts it', async () => {
    await admin.get(`/sites/${world.siteA.id}/api-access`);
    const { res, page, token } = await createToken(`/sites/${world.siteA.id}`, { name: 'Deploy bot ✓', scopes: ['sites:read', 'cms:read'] }, 'gth_site_');
    expect(res.headers.location).toBe(`/sites/${world.siteA.id}/api-access`);
    // The value travels sealed, in a cookie only the token page gets, for five minutes at most.
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^gatehouse_new_token=v1\./);
    expect(cookie).toContain(`Path=/sites/${world.siteA.id}/api-access`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Max-Age=300');
    expect(cookie).not.toContain('gth_');
    expect(page.body).toContain('Copy it now');
    expect(String(page.headers['set-cookie'])).toMatch(/^gatehouse_new_token=;/);
    const listed = await api(token);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().sites.map((s: { id: string }) => s.id)).toEqual([world.siteA.id]);
    // A reload shows the list without the value, and creates nothing.
    const again = await admin.get(`/sites/${world.siteA.id}/api-access`);
    expect(again.body).toContain('Deploy bot ✓');
    expect(again.body).not.toContain(token);
    expect((await listApiTokens(t.runtime.ctx, { siteId: world.siteA.id })).filter((r) => r.name === 'Deploy bot ✓')).toHaveLength(1);
    const rows = await t.runtime.ctx.db.selectFrom('access_tokens').selectAll().where('kind', '=', 'site').execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('shows a handed-over value only to the user it was made for, and never from a tampered cookie', async () => {
    const res = await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'Handed over', scopes: 'sites:read' });
    const sealed = /gatehouse_new_token=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
    const member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    const other = await t.app.inject({ url: `/sites/${world.siteA.id}/api-access`, cookies: { ...member.cookieJar(), gatehouse_new_token: sealed } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toMatch(/gth_site_[\w-]{43}/);
    const forged = await t.app.inject({
      url: `/sites/${world.siteA.id}/api-access`,
      cookies: { ...admin.cookieJar(), gatehouse_new_token: sealed.slice(0, -2) + 'AA' },
    });
    expect(forged.body).not.toMatch(/gth_site_[\w-]{43}/);
    const late = await t.app.inject({ url: `/sites/${world.siteA.id}/api-access`, cookies: { ...admin.cookieJar(), gatehouse_new_token: sealed } });
    expect(late.body).toMatch(/gth_site_[\w-]{43}/); // within five minutes: still shown to its user
    await admin.get(`/sites/${world.siteA.id}/api-access`); // clears the cookie in the agent
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
    for (let i = 0; i < 5; i++) expect((await admin.post(`/sites/${world.siteB.id}/tokens`, { name: `t${i}`, scopes: 'sites:read' })).statusCode).toBe(303);
    const sixth = await admin.post(`/sites/${world.siteB.id}/tokens`, { name: 't6', scopes: 'sites:read' });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.body).toContain('at most 5');
    const page = await admin.get(`/sites/${world.siteB.id}/api-access`);
    expect(page.body).toContain('This site has 5 tokens, the most allowed. Revoke one to create another.');
    expect(page.body).not.toContain('Create token</button>');
  });

  it('revokes a site token after a confirmation step, and the Data API refuses it at once', async () => {
    const { token } = await createToken(`/sites/${world.siteA.id}`, { name: 'short-lived', scopes: 'sites:read' }, 'gth_site_');
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
    const { res, token } = await createToken(
      `/workspaces/${world.workspace.id}`,
      { name: 'Reporting', scopes: ['workspace:read', 'workspace_activity:read'] },
      'gth_ws_',
    );
    expect(res.headers.location).toBe(`/workspaces/${world.workspace.id}/tokens`);
    expect((await api(token, '/v2/workspaces')).statusCode).toBe(200);
  });
});
