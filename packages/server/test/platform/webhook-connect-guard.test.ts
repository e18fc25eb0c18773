import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSite } from '../../src/platform/sites/publish.js';
import { listDeliveries } from '../../src/platform/webhooks/webhook-delivery.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createWorld, type World } from '../support/fixtures.js';
import { testResolver } from '../support/outbound-targets.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const listen = (server: Server | HttpServer) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** Webhook targets judged again when a delivery connects (docs/data-api.md, "Webhook targets"). */
describe('webhook delivery connects only where the outbound guard allows', () => {
  let clock = Date.parse('2026-03-01T00:00:00Z');
  const open = (env: Record<string, string>) =>
    createTestRuntime('sqlite', env, { now: () => new Date(clock), resolve: testResolver(), dataApi: { webhooks: { retryDelaysMs: [], timeoutMs: 2_000 } } });

  async function deliverOnce(runtime: TestRuntime, w: World, url: string, rewriteTo?: string) {
    const { webhook } = await createWebhook(runtime.ctx, {
      siteId: w.siteA.id,
      workspaceId: w.workspace.id,
      triggerType: 'site_publish',
      url,
      filter: null,
      owner: { appId: w.app.id, tokenId: null },
    });
    // A row saved before targets were checked, or changed behind the API's back.
    if (rewriteTo) await runtime.ctx.db.updateTable('webhooks').set({ url: rewriteTo }).where('id', '=', webhook.id).execute();
    clock += 61_000;
    await publishSite(runtime.ctx, { ...w.siteA }, { customDomains: [], publishToWebflowSubdomain: true }, null);
    await runtime.dataApi.webhookWorker.runOnce();
    const [delivery] = await listDeliveries(runtime.ctx, { webhookId: webhook.id });
    // Later publishes in this suite are about other webhooks.
    await runtime.ctx.db.updateTable('webhooks').set({ active: 0 }).where('id', '=', webhook.id).execute();
    return delivery;
  }

  describe('on a production server', () => {
    let runtime: TestRuntime;
    let w: World;
    // A bare TCP listener: it counts connections, whatever protocol the client would have spoken.
    let tcp: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      runtime = await open({ PUBLIC_URL: 'https://auth.example.com' });
      w = await createWorld(runtime.ctx);
      tcp = createTcpServer((socket) => {
        connections++;
        socket.destroy();
      });
      port = await listen(tcp);
    });
    afterAll(async () => {
      tcp.close();
      await runtime.dispose();
    });

    it('refuses a name that resolved to a public address at create time and to loopback when sending', async () => {
      const delivery = await deliverOnce(runtime, w, `https://rebind.test:${port}/hook`);
      expect(delivery).toMatchObject({
        status: 'failed',
        lastStatusCode: null,
        lastError: expect.stringMatching(/^refused: rebind\.test resolves to a non-public address/),
      });
      expect(connections).toBe(0);
    });

    it('gives up on a DNS server that never answers within the delivery timeout', async () => {
      const delivery = await deliverOnce(runtime, w, 'https://public.test/hook', 'https://silent.test/hook');
      expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: 'timed out' });
    });

    it.each([
      'https://127.1:PORT/',
      'https://2130706433:PORT/',
      'https://[::ffff:127.0.0.1]:PORT/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://loopback.test:PORT/',
      'https://localhost:PORT/',
      'http://127.0.0.1:PORT/',
    ])('refuses a stored target %s without connecting', async (target) => {
      const delivery = await deliverOnce(runtime, w, 'https://public.test/hook', target.replace('PORT', String(port)));
      expect(delivery).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^refused: /) });
      expect(connections).toBe(0);
    });
  });

  describe('on a development server', () => {
    let runtime: TestRuntime;
    let w: World;
    const received: Array<{ url: string | undefined; headers: IncomingHttpHeaders }> = [];
    const receiver = createHttpServer((req, res) => {
      received.push({ url: req.url, headers: req.headers });
      if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(200).end('ok');
    });
    let port = 0;
    beforeAll(async () => {
      runtime = await open({ PUBLIC_URL: 'http://127.0.0.1:8080' });
      w = await createWorld(runtime.ctx);
      port = await listen(receiver);
    });
    afterAll(async () => {
      receiver.close();
      await runtime.dispose();
    });

    it('connects to the address the name resolved to, with the name as Host', async () => {
      const delivery = await deliverOnce(runtime, w, `http://receiver.test:${port}/hook`);
      expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
      expect(received.at(-1)).toMatchObject({ url: '/hook', headers: { host: `receiver.test:${port}`, 'x-webflow-signature': expect.any(String) } });
    });

    it('does not follow a redirect', async () => {
      const before = received.length;
      const delivery = await deliverOnce(runtime, w, `http://127.0.0.1:${port}/moved`);
      expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: 302, lastError: 'HTTP 302' });
      expect(received.slice(before).map((r) => r.url)).toEqual(['/moved']);
    });
  });
});
