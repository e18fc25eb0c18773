import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { publishSite } from '../../src/platform/sites/publish.js';
import { listDeliveries } from '../../src/platform/webhooks/webhook-delivery.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A receiver that checks signatures with its own HMAC and answers with the next scripted status. */
function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  return { server, received };
}

const verify = (secret: string, r: Received) =>
  createHmac('sha256', secret).update(`${r.headers['x-webflow-timestamp']}:${r.body}`).digest('hex') === r.headers['x-webflow-signature'];

describe('webhook delivery', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-webhooks-'));
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14' });
  let clock = Date.now();
  const open = () => createRuntime(config, { now: () => new Date(clock), dataApi: { webhooks: { retryDelaysMs: [1_000, 1_000, 1_000], timeoutMs: 2_000 } } });
  let runtime: Runtime;
  let w: World;
  const rx = receiver([500, 200]);
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => rx.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(rx.server.address() as AddressInfo).port}/hook`;
    runtime = await open();
    w = await createWorld(runtime.ctx);
  });
  afterAll(async () => {
    await runtime.close();
    rx.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends site_publish signed with the app client secret, retries after a 500, and resumes after a restart', async () => {
    await createWebhook(runtime.ctx, {
      siteId: w.siteA.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url,
      filter: null,
      owner: { appId: w.app.id, tokenId: null },
    });
    const outcome = await publishSite(runtime.ctx, { ...w.siteA }, { customDomains: [], publishToWebflowSubdomain: true }, null);
    expect(outcome).toMatchObject({ ok: true, webhooksQueued: 1 });

    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
    expect(rx.received).toHaveLength(1);
    const first = rx.received[0]!;
    expect(verify(w.clientSecret, first)).toBe(true);
    expect(first.headers['x-webflow-timestamp']).toBe(String(clock));
    expect(JSON.parse(first.body)).toMatchObject({
      triggerType: 'site_publish',
      payload: { siteId: w.siteA.id, domains: [`${w.siteA.shortName}.webflow.io`] },
    });
    expect((await listDeliveries(runtime.ctx, {}))[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });

    // Not due yet: nothing is sent.
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(0);

    // Restart: a fresh runtime on the same database picks the pending delivery up when it is due.
    await runtime.close();
    runtime = await open();
    clock += 1_500;
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.body).toBe(first.body);
    expect(verify(w.clientSecret, rx.received[1]!)).toBe(true);
    const [log] = await listDeliveries(runtime.ctx, {});
    expect(log).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    const hook = await runtime.ctx.db.selectFrom('webhooks').selectAll().where('site_id', '=', w.siteA.id).executeTakeFirstOrThrow();
    expect(hook.last_triggered).toBe(new Date(clock).toISOString());
  });

  it('signs site-token webhooks with their own secretKey and deactivates a webhook after its retries are spent', async () => {
    const { record } = await createSiteToken(runtime.ctx, w.siteB.id, { name: 'hooks', scopes: ['sites:read'] });
    const failing = receiver([500, 503, 500, 502]);
    await new Promise<void>((resolve) => failing.server.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(failing.server.address() as AddressInfo).port}/`;
    const { webhook, secretKey } = await createWebhook(runtime.ctx, {
      siteId: w.siteB.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url: target,
      filter: null,
      owner: { appId: null, tokenId: record.id },
    });
    clock += 61_000;
    await publishSite(runtime.ctx, { ...w.siteB }, { customDomains: [], publishToWebflowSubdomain: true }, null);
    for (let i = 0; i < 4; i++) {
      expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
      clock += 1_001;
    }
    failing.server.close();
    expect(failing.received).toHaveLength(4);
    expect(failing.received.every((r) => verify(secretKey!, r))).toBe(true);
    const [log] = await listDeliveries(runtime.ctx, { webhookId: webhook.id });
    expect(log).toMatchObject({ status: 'failed', attempts: 4, lastStatusCode: 502 });
    const row = await runtime.ctx.db.selectFrom('webhooks').selectAll().where('id', '=', webhook.id).executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
    clock += 61_000;
    await publishSite(runtime.ctx, { ...w.siteB }, { customDomains: [], publishToWebflowSubdomain: true }, null);
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(0);
  });

  it('never lets two workers claim the same delivery', async () => {
    const other = await open();
    try {
      await createWebhook(runtime.ctx, {
        siteId: w.siteA.id,
        workspaceId: w.workspace.id,
        triggerType: 'site_publish',
        url,
        filter: null,
        owner: { appId: w.app.id, tokenId: null },
      });
      clock += 61_000;
      const before = rx.received.length;
      await publishSite(runtime.ctx, { ...w.siteA }, { customDomains: [], publishToWebflowSubdomain: true }, null);
      const [a, b] = await Promise.all([runtime.dataApi.webhookWorker.runOnce(), other.dataApi.webhookWorker.runOnce()]);
      expect(a + b).toBe(2);
      expect(rx.received.length - before).toBe(2);
    } finally {
      await other.close();
    }
  });
});
