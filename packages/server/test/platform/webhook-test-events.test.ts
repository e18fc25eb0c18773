import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebflowClient } from 'webflow-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { sendTestEvent } from '../../src/platform/webhooks/webhook-test-events.js';
import { TRIGGER_TYPES } from '../../src/platform/webhooks/webhook-triggers.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createWorld, type World } from '../support/fixtures.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';
import { webhookBodyErrors } from '../support/webflow-strict.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe.each(backends())('test events for every trigger type on %s', (backend) => {
  let rt: TestRuntime;
  let w: World;
  let base: string;
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body });
      res.writeHead(req.url!.startsWith('/fail') ? 500 : 200).end('ok');
    });
  });
  const sdk = new WebflowClient({ accessToken: 'unused' });
  const deliverNow = (ids: string[]) => rt.dataApi.webhookWorker.deliverNow(ids);
  const siteSecrets = new Map<string, string>();

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rt = await createTestRuntime(backend);
    w = await createWorld(rt.ctx);
    const { record } = await createSiteToken(rt.ctx, w.siteA.id, { name: 'hooks', scopes: ['sites:read'] });
    for (const type of TRIGGER_TYPES) {
      await createWebhook(rt.ctx, {
        siteId: w.siteA.id,
        workspaceId: w.workspace.id,
        triggerType: type,
        url: `${base}/app/${type}`,
        filter: null,
        owner: { appId: w.app.id, tokenId: null },
      });
      const own = await createWebhook(rt.ctx, {
        siteId: w.siteA.id,
        workspaceId: w.workspace.id,
        triggerType: type,
        url: `${base}/site/${type}`,
        filter: null,
        owner: { appId: null, tokenId: record.id },
      });
      siteSecrets.set(type, own.secretKey!);
    }
  });
  afterAll(async () => {
    await rt.dispose();
    server.close();
  });

  it.each(TRIGGER_TYPES)('delivers %s to every matching webhook, signed as real deliveries and valid under the SDK strict schema', async (type) => {
    received.length = 0;
    const outcome = await sendTestEvent(rt.ctx, deliverNow, w.siteA, type);
    expect(outcome.deliveries.map((d) => [new URL(d.url).pathname, d.status, d.statusCode]).sort()).toEqual([
      [`/app/${type}`, 'delivered', 200],
      [`/site/${type}`, 'delivered', 200],
    ]);
    expect(received.map((r) => r.path).sort()).toEqual([`/app/${type}`, `/site/${type}`]);
    for (const r of received) {
      const secret = r.path.startsWith('/app/') ? w.clientSecret : siteSecrets.get(type)!;
      expect(await sdk.webhooks.verifySignature({ headers: r.headers as Record<string, string>, body: r.body, secret })).toBe(true);
      expect(await sdk.webhooks.verifySignature({ headers: r.headers as Record<string, string>, body: r.body, secret: 'not-the-secret' })).toBe(false);
      const body = JSON.parse(r.body);
      expect(body.triggerType).toBe(type);
      expect(webhookBodyErrors(body)).toEqual([]);
    }
  });

  it('lays overrides over the sample, honours form filters, and reports a failed delivery (retried later)', async () => {
    received.length = 0;
    await createWebhook(rt.ctx, {
      siteId: w.siteB.id,
      workspaceId: w.workspace.id,
      triggerType: 'form_submission',
      url: `${base}/fail/contact`,
      filter: { name: 'Newsletter' },
      owner: { appId: w.app.id, tokenId: null },
    });
    const miss = await sendTestEvent(rt.ctx, deliverNow, w.siteB, 'form_submission');
    expect(miss.deliveries).toEqual([]);
    const hit = await sendTestEvent(rt.ctx, deliverNow, w.siteB, 'form_submission', { name: 'Newsletter', data: { Email: 'x@example.com' } });
    expect(hit.payload).toMatchObject({ name: 'Newsletter', siteId: w.siteB.id, data: { Name: 'Ada Admin', Email: 'x@example.com' } });
    expect(hit.deliveries).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, statusCode: 500, error: 'HTTP 500' })]);
    expect(webhookBodyErrors(JSON.parse(received[0]!.body))).toEqual([]);
  });

  it('refuses an unknown trigger type, naming the valid ones', async () => {
    await expect(sendTestEvent(rt.ctx, deliverNow, w.siteA, 'memberships_user_account_added')).rejects.toThrow(
      `Unknown trigger type "memberships_user_account_added". Valid trigger types: ${TRIGGER_TYPES.join(', ')}`,
    );
  });
});
