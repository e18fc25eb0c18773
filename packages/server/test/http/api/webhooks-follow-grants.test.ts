import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/platform/apps/apps.js';
import { parseInvalidation } from '../../../src/platform/caches/invalidation-feed.js';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { publishSite } from '../../../src/platform/sites/publish.js';
import { createWebhook } from '../../../src/platform/webhooks/webhooks.js';
import { addMember } from '../../../src/platform/workspaces/workspaces.js';
import { createUser } from '../../../src/platform/accounts/users.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

/** docs/data-api.md, "Webhooks follow their grant": every way a grant ends takes its webhooks with it. */
describe.each(backends())('webhooks follow their grant on %s', (backend) => {
  let clock = Date.parse('2026-03-01T00:00:00Z');
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let admin: DashboardAgent;
  const received: string[] = [];
  let server: Server;
  let base: string;
  let n = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume().on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const oauthGrant = (userId = w.admin.id) => grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId, workspaceId: w.workspace.id, scopes: ['sites:read'] });
  /** A site_publish webhook on site A made through the Data API, aimed at a path of its own. */
  const hookFor = async (token: string) => {
    const path = `/hook-${++n}`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/webhooks`,
      headers: bearer(token),
      payload: { triggerType: 'site_publish', url: `${base}${path}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, path };
  };
  const publish = async () => {
    clock += 61_000;
    expect(await publishSite(t.runtime.ctx, { ...w.siteA }, { customDomains: [], publishToWebflowSubdomain: true }, null)).toMatchObject({ ok: true });
  };
  /** Publishes site A, runs the delivery worker, and answers how many deliveries reached `path`. */
  const deliveredTo = async (path: string, { publishFirst = true } = {}) => {
    const before = received.filter((p) => p === path).length;
    if (publishFirst) await publish();
    await t.runtime.dataApi.webhookWorker.runOnce();
    return received.filter((p) => p === path).length - before;
  };
  const webhookRow = (id: string) => t.runtime.ctx.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  const deliveriesOf = (id: string) => t.runtime.ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', id).execute();
  const oauthForm = (url: string, body: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() });

  it('delivers while the grant stands (the baseline the other cases depend on)', async () => {
    const { token } = await oauthGrant();
    const hook = await hookFor(token);
    expect(await deliveredTo(hook.path)).toBe(1);
  });

  it('POST /oauth/revoke_authorization removes the webhooks of the authorization: the next publish sends nothing', async () => {
    const { token } = await oauthGrant();
    const hook = await hookFor(token);
    const res = await oauthForm('/oauth/revoke_authorization', { client_id: w.app.clientId, client_secret: w.clientSecret, access_token: token });
    expect(res.json()).toEqual({ did_revoke: true });
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
  });

  it('RFC 7009 POST /oauth/revoke of the last token ends the authorization and its webhooks', async () => {
    const { token, authorizationId } = await oauthGrant();
    const hook = await hookFor(token);
    const res = await oauthForm('/oauth/revoke', { client_id: w.app.clientId, client_secret: w.clientSecret, token });
    expect(res.statusCode).toBe(200);
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
    const grant = await t.runtime.ctx.db.selectFrom('authorizations').select('revoked_at').where('id', '=', authorizationId).executeTakeFirstOrThrow();
    expect(grant.revoked_at).not.toBeNull();
  });

  it('the dashboard revoke removes them too', async () => {
    const { token, authorizationId } = await oauthGrant();
    const hook = await hookFor(token);
    await admin.get(`/authorizations/${authorizationId}/revoke`);
    expect((await admin.post(`/authorizations/${authorizationId}/revoke`)).statusCode).toBe(303);
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
  });

  it('deleting the app (uninstalling it everywhere) removes them too', async () => {
    const extra = await createApp(t.runtime.ctx, w.workspace.id, {
      name: 'Short-lived',
      description: '',
      homepage: 'https://x.example.com',
      redirectUris: ['https://x.example.com/cb'],
      scopes: ['sites:read'],
    });
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: extra.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const hook = await hookFor(token);
    await admin.get(`/apps/${extra.app.id}/delete`);
    expect((await admin.post(`/apps/${extra.app.id}/delete`)).statusCode).toBe(303);
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
  });

  it('removing the member who granted it removes them too', async () => {
    const leaver = await createUser(t.runtime.ctx, { email: `leaver-${n}-${backend}@example.com`, password: PASSWORD, firstName: 'Lee', lastName: 'Leaver' });
    await addMember(t.runtime.ctx, w.workspace.id, leaver.id, 'admin');
    const { token } = await oauthGrant(leaver.id);
    const hook = await hookFor(token);
    await admin.get(`/workspaces/${w.workspace.id}/members`);
    expect((await admin.post(`/workspaces/${w.workspace.id}/members/${leaver.id}`, { action: 'remove', confirmed: 'yes' })).statusCode).toBe(303);
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
  });

  it('revoking a site token removes the webhooks it created', async () => {
    const { token, record } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'hooks', scopes: ['sites:read'] });
    const hook = await hookFor(token);
    await admin.get(`/sites/${w.siteA.id}/tokens/${record.id}/revoke`);
    expect((await admin.post(`/sites/${w.siteA.id}/tokens/${record.id}/revoke`)).statusCode).toBe(303);
    expect(await webhookRow(hook.id)).toBeUndefined();
    expect(await deliveredTo(hook.path)).toBe(0);
  });

  it('drops a delivery already queued when the grant ends before it is sent', async () => {
    const { token } = await oauthGrant();
    const hook = await hookFor(token);
    await publish();
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    await oauthForm('/oauth/revoke_authorization', { client_id: w.app.clientId, client_secret: w.clientSecret, access_token: token });
    expect(await deliveriesOf(hook.id)).toHaveLength(0);
    expect(await deliveredTo(hook.path, { publishFirst: false })).toBe(0);
  });

  it('checks the owner again right before sending: a queued delivery of an ended grant is marked failed, never sent', async () => {
    const { token, authorizationId } = await oauthGrant();
    const hook = await hookFor(token);
    await publish();
    // As if the revocation had committed after this delivery was claimed: only the grant row says so.
    await t.runtime.ctx.db
      .updateTable('authorizations')
      .set({ revoked_at: new Date(clock).toISOString() })
      .where('id', '=', authorizationId)
      .execute();
    expect(await deliveredTo(hook.path, { publishFirst: false })).toBe(0);
    expect(await deliveriesOf(hook.id)).toMatchObject([{ status: 'failed', last_error: 'the grant that created this webhook has ended' }]);
    expect((await webhookRow(hook.id))?.active).toBe(0);
  });

  it('counts the 75-per-trigger quota per owner: one app authorization cannot use up a site for others', async () => {
    const cms = (userId: string) => grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId, workspaceId: w.workspace.id, scopes: ['cms:read'] });
    const hog = await cms(w.admin.id);
    const owner = { appId: w.app.id, tokenId: hog.tokenId, authorizationId: hog.authorizationId };
    for (let i = 0; i < 75; i++) {
      await createWebhook(t.runtime.ctx, {
        siteId: w.siteB.id,
        workspaceId: w.workspace.id,
        triggerType: 'collection_item_created',
        url: `http://127.0.0.1:9/${i}`,
        filter: null,
        owner,
      });
    }
    const create = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v2/sites/${w.siteB.id}/webhooks`,
        headers: bearer(token),
        payload: { triggerType: 'collection_item_created', url: 'http://127.0.0.1:9/next' },
      });
    const refused = await create(hog.token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('conflict');
    expect((await create((await cms(w.admin.id)).token)).statusCode).toBe(201);
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteB.id, { name: 'cms hooks', scopes: ['cms:read'] });
    expect((await create(siteToken)).statusCode).toBe(201);
  });

  it('drops deliveries of a site token that expired unused for 365 days, at send time', async () => {
    const { token } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'old hooks', scopes: ['sites:read'] });
    const hook = await hookFor(token);
    clock += 366 * 24 * 60 * 60 * 1000;
    expect(await deliveredTo(hook.path)).toBe(0);
    expect(await deliveriesOf(hook.id)).toMatchObject([{ status: 'failed', last_error: 'the grant that created this webhook has ended' }]);
  });
});

describe.each(backends())('a send under way when its grant ends, on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let server: Server;
  let port = 0;
  const received: string[] = [];
  /** Name lookups wait here once armed: the worker has read the owner and started the send. */
  let gate: { entered: () => void; released: Promise<void> } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume().on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const resolve = async () => {
      if (gate) {
        gate.entered();
        await gate.released;
      }
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    t = await createTestApp(backend, {}, { resolve });
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('is aborted by the revocation notice: nothing reaches the receiver after the revoking call has answered', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const created = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/webhooks`,
      headers: bearer(token),
      payload: { triggerType: 'site_publish', url: `http://receiver.test:${port}/in-flight` },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await publishSite(t.runtime.ctx, { ...w.siteA }, { customDomains: [], publishToWebflowSubdomain: true }, null)).toMatchObject({ ok: true });
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (gate = { entered: resolve, released: new Promise<void>((r) => (release = r)) }));
    const running = t.runtime.dataApi.webhookWorker.runOnce();
    await entered;
    const revoked = await t.app.inject({
      method: 'POST',
      url: '/oauth/revoke_authorization',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ client_id: w.app.clientId, client_secret: w.clientSecret, access_token: token }).toString(),
    });
    expect(revoked.json()).toEqual({ did_revoke: true });
    release();
    await running;
    expect(received).toEqual([]);
  });

  it('is aborted when an admin deletes the webhook in the dashboard, and the feed tells other nodes', async () => {
    const hook = await createWebhook(t.runtime.ctx, {
      siteId: w.siteB.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url: `http://receiver.test:${port}/deleted-in-flight`,
      filter: null,
      owner: { appId: w.app.id, tokenId: null },
    });
    const admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
    expect(await publishSite(t.runtime.ctx, { ...w.siteB }, { customDomains: [], publishToWebflowSubdomain: true }, null)).toMatchObject({ ok: true });
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (gate = { entered: resolve, released: new Promise<void>((r) => (release = r)) }));
    const running = t.runtime.dataApi.webhookWorker.runOnce();
    await entered;
    gate = undefined;
    await admin.get(`/sites/${w.siteB.id}/webhooks/${hook.webhook.id}/delete`);
    const deleted = await admin.post(`/sites/${w.siteB.id}/webhooks/${hook.webhook.id}/delete`);
    expect(deleted.statusCode).toBe(303);
    release();
    await running;
    expect(received).not.toContain('/deleted-in-flight');
    const feed = await t.runtime.ctx.db.selectFrom('invalidations').select('notice').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(parseInvalidation(feed.notice).webhookIds).toEqual([hook.webhook.id]);
  });
});
