import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebflowClient } from 'webflow-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/platform/accounts/users.js';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { createWebhook } from '../../../src/platform/webhooks/webhooks.js';
import { addMember, changeMembership } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, PASSWORD, type World } from '../../support/fixtures.js';
import { testResolver } from '../../support/outbound-targets.js';
import { bearer } from '../../support/oauth-token.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { webhookBodyErrors } from '../../support/webflow-strict.js';
import { DashboardAgent } from './dashboard-agent.js';

/** docs/dashboard.md, "Webhooks": the Webhooks tab of a site and each webhook's page. */
describe.each(backends())('webhooks in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let member: DashboardAgent;
  let base: string;
  let clock = new Date('2026-06-01T10:00:00.000Z');
  /** What the receiver answers next. */
  let answer = 200;
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push({ path: req.url!, headers: req.headers, body }), res.writeHead(answer).end()));
  });
  const sdk = new WebflowClient({ accessToken: 'unused' });
  const list = (siteId = world.siteA.id) => `/sites/${siteId}/webhooks`;
  const rows = (webhookId: string) =>
    t.runtime.ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('created_at').execute();
  const hookRow = (id: string) => t.runtime.ctx.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  const audit = (subType: string) =>
    t.runtime.ctx.db.selectFrom('audit_events').selectAll().where('event_type', '=', 'site_management').where('event_sub_type', '=', subType).execute();

  /** Creates a webhook as `agent` through the form; answers its id and the secret its page showed once. */
  async function createThroughForm(agent: DashboardAgent, form: Record<string, string>): Promise<{ id: string; secret: string }> {
    await agent.get(list());
    const res = await agent.post(list(), form);
    expect(res.statusCode, res.body).toBe(303);
    const location = res.headers.location as string;
    const id = /\/webhooks\/([0-9a-f]{24})\?done=webhook-created$/.exec(location)![1]!;
    const page = await agent.get(location);
    const secret = /id="webhook-secret" type="text" readonly value="([^"]+)"/.exec(page.body)![1]!;
    return { id, secret };
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // One retry a minute after a failure, so a test can spend the retries by moving the clock.
    t = await createTestApp(backend, {}, { now: () => clock, dataApi: { webhooks: { retryDelaysMs: [60_000] } } });
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
  });
  afterAll(async () => {
    await t.close();
    receiver.close();
  });
  beforeEach(() => {
    received.length = 0;
    answer = 200;
  });

  it('lists every webhook of the site with trigger type, URL, created, last triggered and owner; members read it without the forms', async () => {
    const ctx = t.runtime.ctx;
    await createWebhook(ctx, {
      siteId: world.siteB.id,
      workspaceId: world.workspace.id,
      triggerType: 'site_publish',
      url: `${base}/app`,
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    const { record } = await createSiteToken(ctx, world.siteB.id, { name: 'Deploy bot', scopes: ['sites:read'] });
    await createWebhook(ctx, {
      siteId: world.siteB.id,
      workspaceId: world.workspace.id,
      triggerType: 'form_submission',
      url: `${base}/token`,
      filter: { name: 'Contact' },
      owner: { appId: null, tokenId: record.id },
    });
    await admin.get(list(world.siteB.id));
    expect((await admin.post(list(world.siteB.id), { trigger_type: 'page_created', url: `${base}/mine` })).statusCode).toBe(303);

    const page = await member.get(list(world.siteB.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-current="page">Webhooks</a>');
    for (const path of ['/app', '/token', '/mine']) expect(page.body).toContain(`<code>${base}${path}</code>`);
    expect(page.body).toContain('App <strong>Test App</strong>');
    expect(page.body).toContain('Site token <strong>Deploy bot</strong>');
    expect(page.body).toContain(`${world.admin.email} <span class="muted">(dashboard)</span>`);
    expect(page.body).toContain('form “Contact”');
    expect(page.body).toMatch(/data-label="Created"><time datetime="2026-06-01T10:00:00.000Z">/);
    expect(page.body).toContain('data-label="Last triggered"><span class="muted">Never</span>');
    expect(page.body).not.toContain('Create a webhook');
    expect(page.body).not.toContain('Send a test event');
    expect(page.body).toContain('Only workspace admins can create, delete or test webhooks.');
    const adminPage = await admin.get(list(world.siteB.id));
    expect(adminPage.body).toContain('Create a webhook');
    expect(adminPage.body).toContain('<option value="form_submission">form_submission (forms:read)</option>');
  });

  it('creates a webhook owned by the admin, shows its signing secret once, and keeps it out of the Data API', async () => {
    const { id, secret } = await createThroughForm(admin, { trigger_type: 'site_publish', url: `${base}/created` });
    expect(secret).toMatch(/^gth_whsec_/);
    const again = await admin.get(`${list()}/${id}`);
    expect(again.body).not.toContain(secret);
    expect(again.body).not.toContain('Signing secret');
    const row = await hookRow(id);
    expect(row).toMatchObject({ created_by_user_id: world.admin.id, app_id: null, access_token_id: null, trigger_type: 'site_publish' });
    expect(row!.secret_key_encrypted).not.toContain(secret);
    expect(await audit('webhook_created')).toContainEqual(
      expect.objectContaining({ actor_user_id: world.admin.id, site_id: world.siteA.id, payload: expect.stringContaining(`"webhookId":"${id}"`) }),
    );
    // The Data API lists only API-made webhooks: a site token of the site neither sees nor removes it.
    const { token } = await createSiteToken(t.runtime.ctx, world.siteA.id, { name: 'ci', scopes: ['sites:read'] });
    const listed = await t.app.inject({ url: `/v2/sites/${world.siteA.id}/webhooks`, headers: bearer(token) });
    expect(listed.json().webhooks.map((w: { id: string }) => w.id)).not.toContain(id);
    expect((await t.app.inject({ method: 'DELETE', url: `/v2/webhooks/${id}`, headers: bearer(token) })).statusCode).toBe(404);
    expect(await hookRow(id)).toBeDefined();
  });

  it('audits webhooks the Data API creates and removes too, and the site activity log shows them', async () => {
    const { token } = await createSiteToken(t.runtime.ctx, world.siteB.id, { name: 'audited', scopes: ['sites:read', 'site_activity:read'] });
    const created = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${world.siteB.id}/webhooks`,
      headers: bearer(token),
      payload: { triggerType: 'site_publish', url: `${base}/api-made?key=secret-in-query` },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'DELETE', url: `/v2/webhooks/${id}`, headers: bearer(token) })).statusCode).toBe(204);
    for (const subType of ['webhook_created', 'webhook_removed']) {
      const [event] = (await audit(subType)).filter((e) => e.payload.includes(id));
      expect(event, subType).toMatchObject({ actor_user_id: null, site_id: world.siteB.id });
      expect(JSON.parse(event!.payload)).toEqual({ webhookId: id, triggerType: 'site_publish', host: new URL(base).host });
    }
    const log = await t.app.inject({ url: `/v2/sites/${world.siteB.id}/activity_logs`, headers: bearer(token) });
    const items = (log.json().items as Array<{ resourceId?: string; resourceOperation: string }>).filter((i) => i.resourceId === id);
    expect(items.map((i) => i.resourceOperation).sort()).toEqual(['CREATED', 'DELETED']);
  });

  it('reports every mistake of the create form at once and keeps what was typed', async () => {
    await admin.get(list());
    const before = (await t.runtime.ctx.db.selectFrom('webhooks').select('id').execute()).length;
    const res = await admin.post(list(), { trigger_type: 'site_publish', url: 'ftp://hooks.example.com/in', filter_name: 'Contact' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="webhook-url-error"');
    expect(res.body).toContain('A filter applies to form_submission webhooks only; leave it empty');
    expect(res.body).toMatch(/id="webhook-url"[^>]*value="ftp:\/\/hooks.example.com\/in"[^>]*aria-invalid="true"/);
    expect(res.body).toMatch(/id="webhook-filter"[^>]*value="Contact"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('<option value="site_publish" selected>');
    const empty = await admin.post(list(), { trigger_type: 'nope', url: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Pick one of the 14 trigger types in the list');
    expect(empty.body).toContain('Enter the https URL that receives the events');
    expect((await t.runtime.ctx.db.selectFrom('webhooks').select('id').execute()).length).toBe(before);
  });

  it('refuses the POSTs of a member with 403 and changes nothing', async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'site_publish', url: `${base}/guarded` });
    await admin.post(`${list()}/${id}/test`);
    const [delivery] = await rows(id);
    received.length = 0;
    const detail = await member.get(`${list()}/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('<span class="badge delivered">delivered</span> HTTP 200');
    expect(detail.body).not.toContain('Redeliver');
    expect(detail.body).not.toContain('Send test event');
    expect(detail.body).not.toContain('Delete webhook');
    for (const [url, form] of [
      [list(), { trigger_type: 'site_publish', url: `${base}/sneaky` }],
      [`${list()}/test`, { trigger_type: 'site_publish' }],
      [`${list()}/${id}/test`, {}],
      [`${list()}/${id}/deliveries/${delivery!.id}/redeliver`, {}],
      [`${list()}/${id}/delete`, {}],
    ] as const) {
      expect((await member.post(url, form)).statusCode, url).toBe(403);
    }
    expect((await member.get(`${list()}/${id}/delete`)).statusCode).toBe(403);
    expect(received).toEqual([]);
    expect(await hookRow(id)).toBeDefined();
    expect(await rows(id)).toHaveLength(1);
    expect(await t.runtime.ctx.db.selectFrom('webhooks').select('id').where('url', '=', `${base}/sneaky`).execute()).toEqual([]);
  });

  it('changes nothing on a POST without the CSRF token', async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'site_publish', url: `${base}/csrf` });
    const created = await admin.post(list(), { trigger_type: 'site_publish', url: `${base}/forged` }, { csrf: false });
    expect(created.statusCode).toBe(403);
    expect(created.body).toContain('Form expired');
    expect((await admin.post(`${list()}/${id}/delete`, {}, { csrf: false })).statusCode).toBe(403);
    expect((await admin.post(`${list()}/${id}/test`, {}, { csrf: false })).statusCode).toBe(403);
    expect(received).toEqual([]);
    expect(await hookRow(id)).toBeDefined();
    expect(await t.runtime.ctx.db.selectFrom('webhooks').select('id').where('url', '=', `${base}/forged`).execute()).toEqual([]);
  });

  it('deletes a webhook after a confirmation step, audited', async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'site_publish', url: `${base}/doomed` });
    const confirm = await admin.get(`${list()}/${id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this webhook?');
    expect(confirm.body).toContain(`action="${list()}/${id}/delete"`);
    expect(await hookRow(id)).toBeDefined();
    const done = await admin.post(`${list()}/${id}/delete`);
    expect([done.statusCode, done.headers.location]).toEqual([303, `${list()}?done=webhook-deleted`]);
    expect((await admin.get(done.headers.location as string)).body).toContain('Webhook deleted.');
    expect(await hookRow(id)).toBeUndefined();
    expect((await admin.get(`${list()}/${id}`)).statusCode).toBe(404);
    expect(await audit('webhook_removed')).toContainEqual(expect.objectContaining({ actor_user_id: world.admin.id, payload: expect.stringContaining(id) }));
  });

  it("answers 404 for a webhook of another site, and for another workspace's site", async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'site_publish', url: `${base}/mine-a` });
    expect((await admin.get(`${list(world.siteB.id)}/${id}`)).statusCode).toBe(404);
    expect((await admin.post(`${list(world.siteB.id)}/${id}/delete`)).statusCode).toBe(404);
    expect((await admin.get(list(world.otherSite.id))).statusCode).toBe(404);
    expect((await admin.get(`${list()}/not-an-id`)).statusCode).toBe(404);
  });

  it("sends a test event from a webhook's page to a real receiver, signed with its secret, and shows status, response time and attempts", async () => {
    const { id, secret } = await createThroughForm(admin, { trigger_type: 'form_submission', url: `${base}/form`, filter_name: 'Newsletter' });
    const res = await admin.post(`${list()}/${id}/test`);
    expect([res.statusCode, res.headers.location]).toEqual([303, `${list()}/${id}?done=webhook-test-sent`]);
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit!.path).toBe('/form');
    expect(await sdk.webhooks.verifySignature({ headers: hit!.headers as Record<string, string>, body: hit!.body, secret })).toBe(true);
    const body = JSON.parse(hit!.body);
    expect(body).toMatchObject({ triggerType: 'form_submission', payload: { name: 'Newsletter', siteId: world.siteA.id } });
    expect(webhookBodyErrors(body)).toEqual([]);
    const [delivery] = await rows(id);
    expect(hit!.headers['x-gatehouse-delivery-id']).toBe(delivery!.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, last_attempt_at: clock.toISOString() });
    expect(Number.isInteger(delivery!.last_response_ms)).toBe(true);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('Test event sent');
    expect(page.body).toContain(`<code>${delivery!.id}</code>`);
    expect(page.body).toContain('<span class="badge delivered">delivered</span> HTTP 200');
    expect(page.body).toContain(`data-label="Response time">${delivery!.last_response_ms} ms</td>`);
    expect(page.body).toContain('data-label="Attempts">1</td>');
    expect(await audit('webhook_test_sent')).toContainEqual(expect.objectContaining({ actor_user_id: world.admin.id, payload: expect.stringContaining(id) }));
  });

  it('redelivers a finished delivery to a real receiver with the same delivery id and body, and turns a deactivated webhook back on', async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'ecomm_new_order', url: `${base}/orders` });
    answer = 503;
    await admin.post(`${list()}/${id}/test`);
    const [delivery] = await rows(id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 503 });
    const pending = await admin.get(`${list()}/${id}`);
    expect(pending.body).toContain('<span class="badge pending">pending</span> HTTP 503');
    expect(pending.body).not.toContain(`/deliveries/${delivery!.id}/redeliver`);
    // A pending delivery belongs to the queue: redelivering it too could send one attempt twice.
    const refused = await admin.post(`${list()}/${id}/deliveries/${delivery!.id}/redeliver`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('still queued for another attempt');
    expect(received).toHaveLength(1);

    // The retry a minute later fails too: the delivery is failed and the webhook deactivated.
    clock = new Date(clock.getTime() + 61_000);
    await t.runtime.dataApi.webhookWorker.runOnce();
    expect(await rows(id)).toMatchObject([{ status: 'failed', attempts: 2 }]);
    expect((await hookRow(id))!.active).toBe(0);
    const failed = await admin.get(`${list()}/${id}`);
    expect(failed.body).toContain('deactivated');
    expect(failed.body).toContain(`action="${list()}/${id}/deliveries/${delivery!.id}/redeliver"`);

    answer = 200;
    const res = await admin.post(`${list()}/${id}/deliveries/${delivery!.id}/redeliver`);
    expect([res.statusCode, res.headers.location]).toEqual([303, `${list()}/${id}?done=webhook-redelivered`]);
    expect(received).toHaveLength(3);
    const ids = received.map((r) => r.headers['x-gatehouse-delivery-id']);
    expect(new Set(ids)).toEqual(new Set([delivery!.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(await rows(id)).toMatchObject([{ id: delivery!.id, status: 'delivered', attempts: 3, last_status_code: 200 }]);
    expect(await hookRow(id)).toMatchObject({ active: 1, consecutive_failures: 0 });
    expect((await admin.get(res.headers.location as string)).body).toContain('data-label="Attempts">3</td>');
    expect(await audit('webhook_redelivered')).toContainEqual(expect.objectContaining({ payload: expect.stringContaining(delivery!.id) }));
    // Another webhook's delivery id is not found on this one's page.
    const other = await createThroughForm(admin, { trigger_type: 'ecomm_new_order', url: `${base}/other` });
    expect((await admin.post(`${list()}/${other.id}/deliveries/${delivery!.id}/redeliver`)).statusCode).toBe(404);
  });

  it('sends the site-wide test event from the Webhooks tab to every active webhook of the type', async () => {
    const { id } = await createThroughForm(admin, { trigger_type: 'page_deleted', url: `${base}/pages` });
    const res = await admin.post(`${list()}/test`, { trigger_type: 'page_deleted' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Sent <code>page_deleted</code> to 1 webhook:');
    expect(received.map((r) => r.path)).toEqual(['/pages']);
    expect(await rows(id)).toHaveLength(1);
  });

  it("ends a dashboard webhook with its maker's admin role, and never sends one whose maker lost the role", async () => {
    const ctx = t.runtime.ctx;
    const second = await createUser(ctx, { email: `second-${Date.now()}@example.com`, password: PASSWORD, firstName: 'Sam', lastName: 'Second' });
    await addMember(ctx, world.workspace.id, second.id, 'admin');
    const agent = await DashboardAgent.signedIn(t.app, ctx, second.id);
    const { id } = await createThroughForm(agent, { trigger_type: 'site_publish', url: `${base}/second` });
    const confirm = await admin.post(`/workspaces/${world.workspace.id}/members/${second.id}`, { action: 'role', role: 'member' });
    expect(confirm.body).toContain('<strong>1 webhook</strong> they made in the dashboard is deleted too');
    await changeMembership(ctx, world.workspace.id, second.id, 'member', { id: world.admin.id, email: world.admin.email });
    expect(await hookRow(id)).toBeUndefined();
    expect(await audit('webhook_removed')).toContainEqual(expect.objectContaining({ payload: expect.stringContaining('"reason":"role_changed"') }));

    // Should a role end some other way (a direct database change), the owner check before each send still holds.
    await changeMembership(ctx, world.workspace.id, second.id, 'admin');
    const again = await createThroughForm(agent, { trigger_type: 'site_publish', url: `${base}/second-again` });
    await ctx.db.updateTable('memberships').set({ role: 'member' }).where('user_id', '=', second.id).execute();
    await admin.post(`${list()}/${again.id}/test`);
    expect(received.filter((r) => r.path.startsWith('/second'))).toEqual([]);
    expect(await rows(again.id)).toMatchObject([{ status: 'failed', last_error: 'the grant that created this webhook has ended' }]);
  });
});

describe('webhooks in the dashboard on a production server (PUBLIC_URL is not loopback)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PUBLIC_URL: 'https://auth.example.com' }, { resolve: testResolver() });
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('refuses loopback, private and plain-http targets with the outbound guard the Data API uses', async () => {
    const admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id, '__Host-gatehouse_session');
    const path = `/sites/${world.siteA.id}/webhooks`;
    expect((await admin.get(path)).statusCode).toBe(200);
    for (const url of ['https://127.0.0.1:8443/', 'https://loopback.test/hook', 'http://public.test/hook', 'https://169.254.169.254/latest/meta-data/']) {
      const res = await admin.post(path, { trigger_type: 'site_publish', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('id="webhook-url-error"');
    }
    expect(await t.runtime.ctx.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
    expect((await admin.post(path, { trigger_type: 'site_publish', url: 'https://public.test/hook' })).statusCode).toBe(303);
  });
});
