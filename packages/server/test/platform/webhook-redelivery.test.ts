import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSite } from '../../src/platform/sites/publish.js';
import { listDeliveries } from '../../src/platform/webhooks/webhook-delivery.js';
import { DELIVERY_ID_HEADER, LEASE_GRACE_MS } from '../../src/platform/webhooks/webhook-delivery-worker.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createWorld, type World } from '../support/fixtures.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';

const TIMEOUT_MS = 2_000;

describe.each(backends())('webhook redelivery on %s', (backend) => {
  let clock = Date.now();
  let runtime: TestRuntime;
  let w: World;
  const received: IncomingHttpHeaders[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.headers);
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  let url: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    runtime = await createTestRuntime(backend, {}, { now: () => new Date(clock), dataApi: { webhooks: { retryDelaysMs: [1_000], timeoutMs: TIMEOUT_MS } } });
    w = await createWorld(runtime.ctx);
  }, 60_000);
  afterAll(async () => {
    await runtime.dispose();
    server.close();
  }, 60_000);

  const hookOn = (site: { id: string }) =>
    createWebhook(runtime.ctx, {
      siteId: site.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url,
      filter: null,
      owner: { appId: w.app.id, tokenId: null },
    });
  const publish = (site: World['siteA']) => publishSite(runtime.ctx, { ...site }, { customDomains: [], publishToWebflowSubdomain: true }, null);

  it('sends the same delivery id on every attempt of a delivery, and another id for another delivery', async () => {
    await hookOn(w.siteA);
    statuses.push(500, 200);
    await publish(w.siteA);
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
    clock += 1_500;
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
    const [delivery] = await listDeliveries(runtime.ctx, {});
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(received.map((h) => h[DELIVERY_ID_HEADER])).toEqual([delivery!.id, delivery!.id]);
    expect(received[0]!['x-webflow-timestamp']).not.toBe(received[1]!['x-webflow-timestamp']);

    await hookOn(w.siteB);
    await publish(w.siteB);
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(1);
    expect(received[2]![DELIVERY_ID_HEADER]).toMatch(/^[0-9a-f]{24}$/);
    expect(received[2]![DELIVERY_ID_HEADER]).not.toBe(delivery!.id);
  });

  it('leases a claimed delivery for the request timeout plus a short grace, so a node that died mid-send is stood in for soon, with the same id', async () => {
    clock += 120_000;
    await publish(w.siteA);
    const [queued] = await listDeliveries(runtime.ctx, {});
    // A node claims the delivery and dies before sending or recording anything.
    const worker = runtime.dataApi.webhookWorker as unknown as { claim(): Promise<Array<{ id: string; next_attempt_at: string }>> };
    const claimed = await worker.claim();
    expect(claimed.map((d) => d.id)).toContain(queued!.id);
    const lease = claimed.find((d) => d.id === queued!.id)!.next_attempt_at;
    expect(Date.parse(lease) - clock).toBe(TIMEOUT_MS + LEASE_GRACE_MS);

    const before = received.length;
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBe(0);
    clock += TIMEOUT_MS + LEASE_GRACE_MS;
    expect(await runtime.dataApi.webhookWorker.runOnce()).toBeGreaterThanOrEqual(1);
    expect(received.slice(before).map((h) => h[DELIVERY_ID_HEADER])).toContain(queued!.id);
  });
});
