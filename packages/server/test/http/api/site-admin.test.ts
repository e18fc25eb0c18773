import { WebflowClient } from 'webflow-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken } from '../../../src/platform/tokens/api-tokens.js';
import { listAuditEvents } from '../../../src/platform/audit/audit.js';
import { publishSite } from '../../../src/platform/sites/publish.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { createWebhook } from '../../../src/platform/webhooks/webhooks.js';
import { updateWorkspace } from '../../../src/platform/workspaces/workspaces.js';
import { listenOnLoopback } from '../../support/loopback.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

const SCOPES = ['sites:read', 'sites:write', 'workspace:read', 'workspace:write', 'site_activity:read', 'workspace_activity:read'];

describe.each(backends())('Data API site create, update, delete, plan and activity logs on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let oauth: string;
  let workspaceToken: string;
  const as = (tok: string) => ({ headers: bearer(tok) });
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx, { scopes: SCOPES });
    await updateWorkspace(t.runtime.ctx, w.workspace.id, { plan: 'enterprise' });
    ({ token: oauth } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: SCOPES }));
    ({ token: workspaceToken } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'provisioner', scopes: ['workspace:write'] }));
  });
  afterAll(() => t.close());

  it('creates a site with a workspace token (201), needs workspace:write, and stays inside the workspace', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/workspaces/${w.workspace.id}/sites`,
      ...as(workspaceToken),
      payload: { name: 'Launch', parentFolderId: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      workspaceId: w.workspace.id,
      displayName: 'Launch',
      parentFolderId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      dataCollectionEnabled: false,
      dataCollectionType: 'disabled',
    });
    const { token: readOnly } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'ro', scopes: ['workspace:read'] });
    const refused = await t.app.inject({ method: 'POST', url: `/v2/workspaces/${w.workspace.id}/sites`, ...as(readOnly), payload: { name: 'x' } });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'missing_scopes']);
    const elsewhere = await t.app.inject({ method: 'POST', url: `/v2/workspaces/${w.otherWorkspace.id}/sites`, ...as(workspaceToken), payload: { name: 'x' } });
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, 'resource_not_found']);
    const bad = await t.app.inject({ method: 'POST', url: `/v2/workspaces/${w.workspace.id}/sites`, ...as(workspaceToken), payload: { name: '' } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_error']);
  });

  it('refuses create, update and delete outside an Enterprise plan, as Webflow does', async () => {
    const { token } = await createWorkspaceToken(t.runtime.ctx, w.otherWorkspace.id, { name: 'p', scopes: ['workspace:write'] });
    const create = await t.app.inject({ method: 'POST', url: `/v2/workspaces/${w.otherWorkspace.id}/sites`, ...as(token), payload: { name: 'x' } });
    expect([create.statusCode, create.json().code]).toEqual([403, 'not_enterprise_plan_workspace']);
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.otherSite.id, { name: 's', scopes: ['sites:write'] });
    const update = await t.app.inject({ method: 'PATCH', url: `/v2/sites/${w.otherSite.id}`, ...as(siteToken), payload: { name: 'x' } });
    expect([update.statusCode, update.json().code]).toEqual([403, 'not_enterprise_plan_site']);
    const del = await t.app.inject({ method: 'DELETE', url: `/v2/sites/${w.otherSite.id}`, ...as(siteToken) });
    expect([del.statusCode, del.json().code]).toEqual([403, 'not_enterprise_plan_site']);
  });

  it('updates the name and folder (sites:write) and the change shows at once, in Get Site and the activity log', async () => {
    await t.app.inject({ url: `/v2/sites/${w.siteB.id}`, ...as(oauth) }); // cached now
    const res = await t.app.inject({ method: 'PATCH', url: `/v2/sites/${w.siteB.id}`, ...as(oauth), payload: { name: 'Site B v2', parentFolderId: null } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: w.siteB.id, displayName: 'Site B v2', parentFolderId: null });
    expect((await t.app.inject({ url: `/v2/sites/${w.siteB.id}`, ...as(oauth) })).json().displayName).toBe('Site B v2');
    const log = (await t.app.inject({ url: `/v2/sites/${w.siteB.id}/activity_logs`, ...as(oauth) })).json();
    expect(log.items[0]).toMatchObject({
      resourceOperation: 'MODIFIED',
      previousValue: 'displayName=Site B',
      newValue: 'displayName=Site B v2',
      payload: { gatehouseEvent: 'site_management/site_updated' },
    });
    for (const payload of [{ name: '' }, { parentFolderId: 'nope' }, { name: 7 }]) {
      expect((await t.app.inject({ method: 'PATCH', url: `/v2/sites/${w.siteB.id}`, ...as(oauth), payload })).statusCode).toBe(400);
    }
  });

  it("reads the site's plan from its workspace plan", async () => {
    expect((await t.app.inject({ url: `/v2/sites/${w.siteA.id}/plan`, ...as(oauth) })).json()).toEqual({ id: 'hosting-business-v4', name: 'Business Hosting' });
    const { token: other } = await createSiteToken(t.runtime.ctx, w.otherSite.id, { name: 'plan', scopes: ['sites:read'] });
    expect((await t.app.inject({ url: `/v2/sites/${w.otherSite.id}/plan`, ...as(other) })).json()).toEqual({ id: 'hosting-cms-v4', name: 'CMS Hosting' });
  });

  it('lists site activity (site_activity:read): publishes, token changes, newest first and paginated', async () => {
    const site = await createSite(t.runtime.ctx, { workspaceId: w.workspace.id, displayName: 'Activity', actor: { id: w.admin.id, email: w.admin.email } });
    const { token: siteToken, record } = await createSiteToken(t.runtime.ctx, site.id, {
      name: 'deploy',
      scopes: ['site_activity:read'],
      actor: { id: w.admin.id, email: w.admin.email },
    });
    await publishSite(t.runtime.ctx, site, { customDomains: [], publishToWebflowSubdomain: true }, null);
    const log = (await t.app.inject({ url: `/v2/sites/${site.id}/activity_logs`, ...as(siteToken) })).json();
    expect(log.pagination).toEqual({ limit: 100, offset: 0, total: 3 });
    expect(log.items.map((i: { event?: string; resourceOperation: string }) => [i.event ?? null, i.resourceOperation])).toEqual([
      ['site_published', 'PUBLISHED'],
      [null, 'CREATED'],
      [null, 'CREATED'],
    ]);
    expect(log.items.find((i: { resourceId?: string }) => i.resourceId === record.id)).toMatchObject({
      resourceOperation: 'CREATED',
      resourceName: 'Site token "deploy"',
      user: { id: w.admin.id, displayName: 'Ada Admin' },
    });
    expect((await t.app.inject({ url: `/v2/sites/${site.id}/activity_logs?limit=1&offset=2`, ...as(siteToken) })).json().items[0].resourceOperation).toBe(
      'CREATED',
    );
    const noScope = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    expect((await t.app.inject({ url: `/v2/sites/${site.id}/activity_logs`, ...as(noScope.token) })).json().code).toBe('missing_scopes');
  });

  it('deletes a site (204): its tokens, webhooks and site-only authorizations end at once, audited; wider grants keep their other sites', async () => {
    const ctx = t.runtime.ctx;
    const site = await createSite(ctx, { workspaceId: w.workspace.id, displayName: 'Doomed' });
    const { token: siteToken } = await createSiteToken(ctx, site.id, { name: 'dies', scopes: ['sites:read', 'sites:write'] });
    const only = await grantOAuthToken(ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, siteIds: [site.id], scopes: ['sites:read'] });
    const wider = await grantOAuthToken(ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [site.id, w.siteA.id],
      scopes: ['sites:read'],
    });
    const hook = await createWebhook(ctx, {
      siteId: site.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url: 'https://hooks.example.com/x',
      filter: null,
      owner: { appId: w.app.id, tokenId: null },
    });
    for (const tok of [siteToken, only.token, wider.token]) expect((await t.app.inject({ url: `/v2/sites/${site.id}`, ...as(tok) })).statusCode).toBe(200);

    const res = await t.app.inject({ method: 'DELETE', url: `/v2/sites/${site.id}`, ...as(siteToken) });
    expect([res.statusCode, res.body]).toEqual([204, '']);
    expect((await t.app.inject({ url: `/v2/sites/${site.id}`, ...as(oauth) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v2/sites', ...as(siteToken) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v2/sites', ...as(only.token) })).statusCode).toBe(401);
    const still = await t.app.inject({ url: '/v2/sites', ...as(wider.token) });
    expect(still.statusCode).toBe(200);
    expect(still.json().sites.map((s: { id: string }) => s.id)).toEqual([w.siteA.id]);
    expect(await ctx.db.selectFrom('webhooks').select('id').where('id', '=', hook.webhook.id).executeTakeFirst()).toBeUndefined();
    const authz = await ctx.db
      .selectFrom('authorizations')
      .select(['id', 'revoked_at'])
      .where('id', 'in', [only.authorizationId, wider.authorizationId])
      .execute();
    expect(Object.fromEntries(authz.map((a) => [a.id, a.revoked_at !== null]))).toEqual({ [only.authorizationId]: true, [wider.authorizationId]: false });

    const { items } = await listAuditEvents(ctx, { workspaceId: w.workspace.id, siteId: site.id, offset: 0, limit: 50 });
    const kinds = items.map((e) => `${e.event_type}/${e.event_sub_type}`);
    expect(kinds).toEqual(expect.arrayContaining(['site_management/site_deleted', 'access_token/site_token_revoked', 'site_management/webhook_removed']));
    const revoked = await listAuditEvents(ctx, { workspaceId: w.workspace.id, eventType: 'app_authorization', offset: 0, limit: 50 });
    expect(
      revoked.items.some(
        (e) =>
          e.event_sub_type === 'authorization_revoked' &&
          JSON.parse(e.payload).authorizationId === only.authorizationId &&
          JSON.parse(e.payload).reason === 'site_deleted',
      ),
    ).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: `/v2/sites/${site.id}`, ...as(oauth) })).statusCode).toBe(404);
  });

  it('serves the SDK calls sites.create, sites.update, sites.delete, sites.plans.getSitePlan and sites.activityLogs.list', async () => {
    const base = `${await listenOnLoopback(t.app)}/v2`;
    const ws = new WebflowClient({ accessToken: workspaceToken, baseUrl: base, maxRetries: 0 });
    const client = new WebflowClient({ accessToken: oauth, baseUrl: base, maxRetries: 0 });
    const created = await ws.sites.create(w.workspace.id, { name: 'From the SDK' });
    expect(created.createdOn).toBeInstanceOf(Date);
    expect((await client.sites.update(created.id, { name: 'Renamed by the SDK' })).displayName).toBe('Renamed by the SDK');
    expect((await client.sites.plans.getSitePlan(created.id)).id).toBe('hosting-business-v4');
    const activity = await client.sites.activityLogs.list(created.id, { limit: 10 });
    expect(activity.items?.[0]?.resourceOperation).toBe('MODIFIED');
    await client.sites.delete(created.id);
    await expect(client.sites.get(created.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
