import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken } from '../../src/platform/tokens/api-tokens.js';
import { addCommentReply, addCommentThread } from '../support/comment-fixtures.js';
import { addCustomDomain, createSite } from '../../src/platform/sites/sites.js';
import { addMember, changeMembership, createWorkspace, updateWorkspace } from '../../src/platform/workspaces/workspaces.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { registeredRoutes } from '../docs/registered-routes.js';
import { createWorld, PASSWORD, type World } from '../support/fixtures.js';
import { listenOnLoopback } from '../support/loopback.js';
import { grantOAuthToken } from '../support/oauth-token.js';
import { backends, createTestApp } from '../support/runtime.js';
import { schemaNamed, strictErrors, webhookBodyErrors, type StrictSchema } from '../support/webflow-strict.js';

/**
 * Every answer of every /v2 route, parsed with the official SDK's serializers in strict mode: success
 * bodies with the route's own serializer, every error body with `Error_`, and every webhook delivery body
 * with the SDK's payload serializer of its trigger type.
 */

/** /v2 routes with no serializer in webflow-api 3.3.4 (List Workspaces is newer than the SDK); only their errors are parsed. */
const NO_SDK_SERIALIZER = new Set(['GET /v2/workspaces']);

interface Case {
  route: string;
  path: string;
  token: string | null;
  body?: unknown;
  status: number;
  schema?: string;
  note?: string;
}

const SCOPES = [
  'sites:read',
  'sites:write',
  'authorized_user:read',
  'comments:read',
  'workspace:read',
  'workspace:write',
  'workspace_activity:read',
  'site_activity:read',
  'forms:read',
  'cms:read',
];

describe.each(backends())('every /v2 answer parses strictly with the webflow-api SDK serializers on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let base: string;
  let hookUrl: string;
  const received: string[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push(body), res.writeHead(200).end('ok')));
  });
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const seen = new Set<string>();
  const failures: string[] = [];

  async function call(c: Case): Promise<{ status: number; body: unknown }> {
    const [method] = c.route.split(' ');
    const headers: Record<string, string> = {};
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${c.path}`, { method, headers, ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Calls, checks the status, and parses the body strictly: the route's serializer on success, Error_ otherwise. */
  async function check(c: Case): Promise<unknown> {
    seen.add(c.route);
    const label = `${c.route} ${c.path}${c.note ? ` (${c.note})` : ''}`;
    const { status, body } = await call(c);
    if (status !== c.status) failures.push(`${label}: status ${status}, expected ${c.status}: ${JSON.stringify(body)}`);
    if (status === 204) {
      if (body !== undefined) failures.push(`${label}: 204 with a body`);
      return body;
    }
    const schema: StrictSchema | undefined = status >= 400 ? schemaNamed('Error_') : c.schema ? schemaNamed(c.schema) : undefined;
    if (!schema) {
      if (!NO_SDK_SERIALIZER.has(c.route)) failures.push(`${label}: no serializer named`);
      return body;
    }
    for (const e of strictErrors(schema, body)) failures.push(`${label}: ${e}`);
    return body;
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    t = await createTestApp(backend);
    const ctx = t.runtime.ctx;
    w = await createWorld(ctx, { scopes: SCOPES });
    await updateWorkspace(ctx, w.workspace.id, { plan: 'enterprise' });
    const guest = await createUser(ctx, { email: `guest-${w.workspace.slug}@example.com`, password: PASSWORD, firstName: 'Gus', lastName: 'Guest' });
    await addMember(ctx, w.workspace.id, guest.id, 'member', { id: w.admin.id, email: w.admin.email });
    await changeMembership(ctx, w.workspace.id, guest.id, 'admin', { id: w.admin.id, email: w.admin.email });
    await changeMembership(ctx, w.workspace.id, guest.id, null, { id: w.admin.id, email: w.admin.email });
    await updateWorkspace(ctx, w.workspace.id, { name: `${w.workspace.name} renamed` }, { id: w.admin.id, email: w.admin.email });
    const empty = await createWorkspace(ctx, { name: `Empty ${w.workspace.slug}`, ownerUserId: w.admin.id });
    ids.domain = (await addCustomDomain(ctx, w.siteA.id, 'shop.example.com')).id;
    const thread = await addCommentThread(ctx, { siteId: w.siteA.id, authorUserId: w.admin.id, content: 'Looks good', mentionedUserIds: [w.member.id] });
    await addCommentReply(ctx, thread, { authorUserId: w.member.id, content: 'Thanks' });
    ids.thread = thread.id;
    ids.bareThread = (await addCommentThread(ctx, { siteId: w.siteA.id, authorUserId: w.member.id, content: 'No replies' })).id;
    ids.disposable = (await createSite(ctx, { workspaceId: w.workspace.id, displayName: 'Disposable' })).id;

    tokens.oauth = (await grantOAuthToken(ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: SCOPES })).token;
    tokens.oauthSite = (
      await grantOAuthToken(ctx, {
        appId: w.app.id,
        userId: w.admin.id,
        workspaceId: w.workspace.id,
        siteIds: [w.siteB.id],
        scopes: ['sites:read', 'comments:read', 'authorized_user:read'],
      })
    ).token;
    tokens.oauthEmpty = (
      await grantOAuthToken(ctx, {
        appId: w.app.id,
        userId: w.admin.id,
        workspaceId: empty.id,
        scopes: ['sites:read', 'workspace:read', 'workspace_activity:read'],
      })
    ).token;
    tokens.site = (
      await createSiteToken(ctx, w.siteA.id, { name: 'ci', scopes: ['sites:read', 'sites:write', 'forms:read', 'comments:read', 'site_activity:read'] })
    ).token;
    tokens.workspace = (
      await createWorkspaceToken(ctx, w.workspace.id, { name: 'ops', scopes: ['workspace:read', 'workspace:write', 'workspace_activity:read'] })
    ).token;
    base = await listenOnLoopback(t.app);
  });
  afterAll(async () => {
    await t.close();
    receiver.close();
  });

  it('parses the token endpoints for OAuth callers and their errors for site and workspace tokens', async () => {
    await check({ route: 'GET /v2/token/introspect', path: '/v2/token/introspect', token: tokens.oauth!, status: 200, schema: 'Authorization' });
    await check({
      route: 'GET /v2/token/introspect',
      path: '/v2/token/introspect',
      token: tokens.oauthSite!,
      status: 200,
      schema: 'Authorization',
      note: 'site authorization',
    });
    await check({ route: 'GET /v2/token/introspect', path: '/v2/token/introspect', token: tokens.site!, status: 403 });
    await check({ route: 'GET /v2/token/introspect', path: '/v2/token/introspect', token: null, status: 401 });
    await check({ route: 'GET /v2/token/authorized_by', path: '/v2/token/authorized_by', token: tokens.oauth!, status: 200, schema: 'AuthorizedUser' });
    await check({ route: 'GET /v2/token/authorized_by', path: '/v2/token/authorized_by', token: tokens.workspace!, status: 403 });
    await check({ route: 'GET /v2/token/authorized_by', path: '/v2/token/authorized_by', token: 'gth_at_unknown', status: 401 });
  });

  it('parses the site reads, full and empty, for every token kind', async () => {
    await check({ route: 'GET /v2/sites', path: '/v2/sites', token: tokens.oauth!, status: 200, schema: 'Sites' });
    await check({ route: 'GET /v2/sites', path: '/v2/sites', token: tokens.site!, status: 200, schema: 'Sites', note: 'site token' });
    await check({ route: 'GET /v2/sites', path: '/v2/sites', token: tokens.oauthEmpty!, status: 200, schema: 'Sites', note: 'no sites' });
    await check({ route: 'GET /v2/sites', path: '/v2/sites', token: tokens.workspace!, status: 403 });
    for (const token of [tokens.oauth!, tokens.site!]) {
      await check({ route: 'GET /v2/sites/:site_id', path: `/v2/sites/${w.siteA.id}`, token, status: 200, schema: 'Site' });
    }
    await check({ route: 'GET /v2/sites/:site_id', path: `/v2/sites/${w.otherSite.id}`, token: tokens.oauth!, status: 404 });
    await check({ route: 'GET /v2/sites/:site_id', path: '/v2/sites/not-an-id', token: tokens.oauth!, status: 400 });
    await check({
      route: 'GET /v2/sites/:site_id/custom_domains',
      path: `/v2/sites/${w.siteA.id}/custom_domains`,
      token: tokens.site!,
      status: 200,
      schema: 'Domains',
    });
    await check({
      route: 'GET /v2/sites/:site_id/custom_domains',
      path: `/v2/sites/${w.siteB.id}/custom_domains`,
      token: tokens.oauthSite!,
      status: 200,
      schema: 'Domains',
      note: 'none',
    });
    await check({ route: 'GET /v2/sites/:site_id/plan', path: `/v2/sites/${w.siteA.id}/plan`, token: tokens.oauth!, status: 200, schema: 'SitePlan' });
    await check({ route: 'GET /v2/sites/:site_id/plan', path: `/v2/sites/${w.siteB.id}/plan`, token: tokens.site!, status: 404 });
  });

  it('parses publish, its webhook deliveries, and activity logs', async () => {
    await check({
      route: 'POST /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.oauth!,
      body: { triggerType: 'site_publish', url: hookUrl },
      status: 201,
      schema: 'Webhook',
    });
    await check({
      route: 'POST /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.site!,
      body: { triggerType: 'site_publish', url: hookUrl },
      status: 201,
      schema: 'Webhook',
      note: 'site token',
    });
    await check({
      route: 'GET /v2/sites/:site_id/activity_logs',
      path: `/v2/sites/${w.siteB.id}/activity_logs`,
      token: tokens.oauth!,
      status: 200,
      schema: 'SiteActivityLogResponse',
      note: 'empty',
    });
    await check({ route: 'POST /v2/sites/:site_id/publish', path: `/v2/sites/${w.siteA.id}/publish`, token: tokens.oauth!, body: {}, status: 400 });
    await check({
      route: 'POST /v2/sites/:site_id/publish',
      path: `/v2/sites/${w.siteA.id}/publish`,
      token: tokens.site!,
      body: { customDomains: [ids.domain], publishToWebflowSubdomain: true },
      status: 202,
      schema: 'SitesPublishResponse',
    });
    await check({
      route: 'POST /v2/sites/:site_id/publish',
      path: `/v2/sites/${w.siteA.id}/publish`,
      token: tokens.site!,
      body: { publishToWebflowSubdomain: true },
      status: 429,
    });
    await t.runtime.dataApi.webhookWorker.runOnce();
    expect(received.length).toBe(2);
    for (const body of received) for (const e of webhookBodyErrors(JSON.parse(body))) failures.push(`site_publish delivery: ${e}`);
    await check({
      route: 'GET /v2/sites/:site_id/activity_logs',
      path: `/v2/sites/${w.siteA.id}/activity_logs`,
      token: tokens.site!,
      status: 200,
      schema: 'SiteActivityLogResponse',
    });
    await check({ route: 'GET /v2/sites/:site_id/activity_logs', path: `/v2/sites/${w.siteA.id}/activity_logs`, token: tokens.oauthSite!, status: 403 });
    await check({ route: 'GET /v2/sites/:site_id/activity_logs', path: `/v2/sites/${w.otherSite.id}/activity_logs`, token: tokens.oauth!, status: 404 });
  });

  it('parses site create, update and delete for workspace tokens and OAuth callers', async () => {
    const created = (await check({
      route: 'POST /v2/workspaces/:workspace_id_or_slug/sites',
      path: `/v2/workspaces/${w.workspace.id}/sites`,
      token: tokens.workspace!,
      body: { name: 'Made by API' },
      status: 201,
      schema: 'Site',
    })) as { id: string };
    await check({
      route: 'POST /v2/workspaces/:workspace_id_or_slug/sites',
      path: `/v2/workspaces/${w.workspace.id}/sites`,
      token: tokens.site!,
      body: { name: 'No' },
      status: 403,
    });
    await check({
      route: 'POST /v2/workspaces/:workspace_id_or_slug/sites',
      path: `/v2/workspaces/${w.workspace.id}/sites`,
      token: tokens.workspace!,
      body: {},
      status: 400,
    });
    await check({
      route: 'PATCH /v2/sites/:site_id',
      path: `/v2/sites/${created.id}`,
      token: tokens.oauth!,
      body: { name: 'Renamed by API', parentFolderId: '65427cf400e02b306eaa04a0' },
      status: 200,
      schema: 'Site',
    });
    await check({ route: 'PATCH /v2/sites/:site_id', path: `/v2/sites/${w.siteA.id}`, token: tokens.oauthSite!, body: { name: 'x' }, status: 403 });
    await check({ route: 'DELETE /v2/sites/:site_id', path: `/v2/sites/${ids.disposable}`, token: tokens.oauth!, status: 204 });
    await check({ route: 'DELETE /v2/sites/:site_id', path: `/v2/sites/${ids.disposable}`, token: tokens.oauth!, status: 404 });
  });

  it('parses webhook lists (full and empty), single webhooks and their errors', async () => {
    await check({
      route: 'GET /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.oauth!,
      status: 200,
      schema: 'WebhookList',
    });
    await check({
      route: 'GET /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.site!,
      status: 200,
      schema: 'WebhookList',
      note: 'site token',
    });
    await check({
      route: 'GET /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteB.id}/webhooks`,
      token: tokens.oauthSite!,
      status: 200,
      schema: 'WebhookList',
      note: 'empty',
    });
    const form = (await check({
      route: 'POST /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.site!,
      body: { triggerType: 'form_submission', url: hookUrl, filter: { name: 'Contact' } },
      status: 201,
      schema: 'Webhook',
      note: 'filter',
    })) as { id: string };
    await check({
      route: 'POST /v2/sites/:site_id/webhooks',
      path: `/v2/sites/${w.siteA.id}/webhooks`,
      token: tokens.oauth!,
      body: { triggerType: 'nope', url: hookUrl },
      status: 400,
    });
    await check({ route: 'GET /v2/webhooks/:webhook_id', path: `/v2/webhooks/${form.id}`, token: tokens.site!, status: 200, schema: 'Webhook' });
    await check({ route: 'GET /v2/webhooks/:webhook_id', path: `/v2/webhooks/${form.id}`, token: tokens.oauth!, status: 404 });
    await check({ route: 'DELETE /v2/webhooks/:webhook_id', path: `/v2/webhooks/${form.id}`, token: tokens.site!, status: 204 });
    await check({ route: 'DELETE /v2/webhooks/:webhook_id', path: `/v2/webhooks/${form.id}`, token: tokens.site!, status: 404 });
  });

  it('parses comment threads and replies, full and empty, and their errors', async () => {
    const threads = `/v2/sites/${w.siteA.id}/comments`;
    await check({ route: 'GET /v2/sites/:site_id/comments', path: threads, token: tokens.oauth!, status: 200, schema: 'CommentThreadList' });
    await check({
      route: 'GET /v2/sites/:site_id/comments',
      path: `${threads}?offset=50`,
      token: tokens.site!,
      status: 200,
      schema: 'CommentThreadList',
      note: 'empty page',
    });
    await check({
      route: 'GET /v2/sites/:site_id/comments',
      path: `/v2/sites/${w.siteB.id}/comments`,
      token: tokens.oauthSite!,
      status: 200,
      schema: 'CommentThreadList',
      note: 'no threads',
    });
    await check({ route: 'GET /v2/sites/:site_id/comments', path: `${threads}?sortBy=createdOn`, token: tokens.oauth!, status: 400 });
    await check({
      route: 'GET /v2/sites/:site_id/comments/:comment_thread_id',
      path: `${threads}/${ids.thread}`,
      token: tokens.site!,
      status: 200,
      schema: 'CommentThread',
    });
    await check({ route: 'GET /v2/sites/:site_id/comments/:comment_thread_id', path: `${threads}/${'0'.repeat(24)}`, token: tokens.oauth!, status: 404 });
    await check({
      route: 'GET /v2/sites/:site_id/comments/:comment_thread_id/replies',
      path: `${threads}/${ids.thread}/replies`,
      token: tokens.oauth!,
      status: 200,
      schema: 'CommentReplyList',
    });
    await check({
      route: 'GET /v2/sites/:site_id/comments/:comment_thread_id/replies',
      path: `${threads}/${ids.bareThread}/replies`,
      token: tokens.site!,
      status: 200,
      schema: 'CommentReplyList',
      note: 'no replies',
    });
    await check({
      route: 'GET /v2/sites/:site_id/comments/:comment_thread_id/replies',
      path: `${threads}/${ids.thread}/replies`,
      token: tokens.workspace!,
      status: 403,
    });
  });

  it('parses workspace audit logs, full, filtered and empty, and their errors', async () => {
    const logs = `/v2/workspaces/${w.workspace.id}/audit_logs`;
    await check({ route: 'GET /v2/workspaces', path: '/v2/workspaces', token: tokens.workspace!, status: 200 });
    await check({ route: 'GET /v2/workspaces', path: '/v2/workspaces', token: tokens.site!, status: 403 });
    const all = (await check({
      route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs',
      path: logs,
      token: tokens.workspace!,
      status: 200,
      schema: 'WorkspaceAuditLogResponse',
    })) as { items: Array<{ eventType: string; eventSubType: string }> };
    expect(new Set(all.items.map((i) => `${i.eventType}/${i.eventSubType}`))).toEqual(
      new Set([
        'workspace_membership/user_added',
        'workspace_membership/user_role_updated',
        'workspace_membership/user_removed',
        'workspace_setting/setting_updated',
      ]),
    );
    await check({
      route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs',
      path: logs,
      token: tokens.oauth!,
      status: 200,
      schema: 'WorkspaceAuditLogResponse',
      note: 'OAuth',
    });
    await check({
      route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs',
      path: `${logs}?eventType=workspace_membership&limit=1`,
      token: tokens.workspace!,
      status: 200,
      schema: 'WorkspaceAuditLogResponse',
      note: 'filtered',
    });
    await check({
      route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs',
      path: `${logs}?eventType=custom_role`,
      token: tokens.workspace!,
      status: 200,
      schema: 'WorkspaceAuditLogResponse',
      note: 'empty',
    });
    await check({
      route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs',
      path: `${logs}?eventType=access_token`,
      token: tokens.workspace!,
      status: 400,
    });
    await check({ route: 'GET /v2/workspaces/:workspace_id_or_slug/audit_logs', path: logs, token: tokens.site!, status: 403 });
  });

  it('parses the errors of unknown paths, wrong methods and the /beta namespace', async () => {
    for (const [path, token] of [
      ['/v2/nope', tokens.oauth!],
      ['/v2/nope', null],
      ['/beta/sites', tokens.oauth!],
      ['/beta', null],
    ] as const) {
      const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      for (const e of strictErrors(schemaNamed('Error_'), await res.json())) failures.push(`GET ${path}: ${e}`);
    }
    const wrongMethod = await fetch(`${base}/v2/sites`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.oauth}` } });
    for (const e of strictErrors(schemaNamed('Error_'), await wrongMethod.json())) failures.push(`PUT /v2/sites: ${e}`);
  });

  it('covered every /v2 route, and nothing failed to parse', () => {
    const served = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/v2/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(served.filter((r) => !seen.has(r))).toEqual([]);
    expect(failures).toEqual([]);
  });
});
