import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebflowClient } from 'webflow-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { TRIGGER_TYPES } from '../../../src/platform/webhooks/webhook-triggers.js';
import { createWebhook } from '../../../src/platform/webhooks/webhooks.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer } from '../../support/oauth-token.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { webhookBodyErrors } from '../../support/webflow-strict.js';
import { DashboardAgent } from './dashboard-agent.js';

describe.each(backends())('site actions in the dashboard: comments, test events, delete on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let member: DashboardAgent;
  let base: string;
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push({ path: req.url!, headers: req.headers, body }), res.writeHead(req.url === '/down' ? 503 : 200).end()));
  });
  const sdk = new WebflowClient({ accessToken: 'unused' });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('sends a test event from the "Send test event" button to every matching webhook and shows each delivery', async () => {
    const ctx = t.runtime.ctx;
    await createWebhook(ctx, {
      siteId: world.siteA.id,
      workspaceId: world.workspace.id,
      triggerType: 'ecomm_new_order',
      url: `${base}/ok`,
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    await createWebhook(ctx, {
      siteId: world.siteA.id,
      workspaceId: world.workspace.id,
      triggerType: 'ecomm_new_order',
      url: `${base}/down`,
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    const page = await admin.get(`/sites/${world.siteA.id}/webhooks`);
    expect(page.body).toContain('Send test event');
    for (const type of TRIGGER_TYPES) expect(page.body).toContain(`<option>${type}</option>`);
    received.length = 0;
    const res = await admin.post(`/sites/${world.siteA.id}/webhooks/test`, { trigger_type: 'ecomm_new_order' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Sent <code>ecomm_new_order</code> to 2 webhooks');
    expect(res.body).toMatch(/\/ok<\/code> <span class="ok">delivered \(HTTP 200\)/);
    expect(res.body).toMatch(/\/down<\/code> <span class="error">pending \(HTTP 503\)/);
    expect(received.map((r) => r.path).sort()).toEqual(['/down', '/ok']);
    for (const r of received) {
      expect(await sdk.webhooks.verifySignature({ headers: r.headers as Record<string, string>, body: r.body, secret: world.clientSecret })).toBe(true);
      expect(webhookBodyErrors(JSON.parse(r.body))).toEqual([]);
    }
    const none = await admin.post(`/sites/${world.siteB.id}/webhooks/test`, { trigger_type: 'page_deleted' });
    expect(none.body).toContain('No active <code>page_deleted</code> webhooks on this site');
    const unknown = await admin.post(`/sites/${world.siteA.id}/webhooks/test`, { trigger_type: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain(`Valid trigger types: ${TRIGGER_TYPES.join(', ')}`);
    expect((await member.post(`/sites/${world.siteA.id}/webhooks/test`, { trigger_type: 'site_publish' })).statusCode).toBe(403);
  });

  it("posts a comment that fires comment_created with the commenter's details", async () => {
    await createWebhook(t.runtime.ctx, {
      siteId: world.siteB.id,
      workspaceId: world.workspace.id,
      triggerType: 'comment_created',
      url: `${base}/comments`,
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    received.length = 0;
    const res = await member.post(`/sites/${world.siteB.id}/comments`, { content: 'Typo in the footer' });
    expect(res.statusCode).toBe(303);
    await t.runtime.dataApi.webhookWorker.runOnce();
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({
      triggerType: 'comment_created',
      payload: { siteId: world.siteB.id, content: 'Typo in the footer', author: { userId: world.member.id, email: world.member.email, name: 'Max Member' } },
    });
    expect(webhookBodyErrors(body)).toEqual([]);
    expect((await member.post(`/sites/${world.siteB.id}/comments`, { content: '  ' })).statusCode).toBe(400);
  });

  it('deletes a site after a confirmation step, ending its site tokens', async () => {
    const site = await createSite(t.runtime.ctx, { workspaceId: world.workspace.id, displayName: 'Goodbye' });
    const { token } = await createSiteToken(t.runtime.ctx, site.id, { name: 'ci', scopes: ['sites:read'] });
    expect((await t.app.inject({ url: `/v2/sites/${site.id}`, headers: bearer(token) })).statusCode).toBe(200);
    expect((await member.get(`/sites/${site.id}/delete`)).statusCode).toBe(403);
    const confirm = await admin.get(`/sites/${site.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this site?');
    expect(confirm.body).toContain(`action="/sites/${site.id}/delete"`);
    expect((await t.app.inject({ url: `/v2/sites/${site.id}`, headers: bearer(token) })).statusCode).toBe(200);
    const done = await admin.post(`/sites/${site.id}/delete`);
    expect([done.statusCode, done.headers.location]).toEqual([303, `/workspaces/${world.workspace.id}?done=site-deleted`]);
    expect((await admin.get(done.headers.location as string)).body).toContain('Site deleted.');
    expect((await t.app.inject({ url: `/v2/sites/${site.id}`, headers: bearer(token) })).statusCode).toBe(401);
    expect((await admin.get(`/sites/${site.id}`)).statusCode).toBe(404);
  });
});
