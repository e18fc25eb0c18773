import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { publishSite } from '../../src/platform/sites/publish.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { backends, dropSchema, requirePostgresUrl } from '../support/runtime.js';

/** Two nodes on one database (SQLite file or PostgreSQL schema) racing for the same due deliveries. */
describe.each(backends())('webhook delivery claims on %s', (backend) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-claim-'));
  const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = backend === 'postgres' ? requirePostgresUrl() : undefined;
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const open = () => createRuntime(config, { ...(schema ? { schema } : {}), dataApi: { webhooks: { retryDelaysMs: [1_000], timeoutMs: 2_000 } } });
  let hits = 0;
  const server = createServer((req, res) =>
    req.resume().on('end', () => {
      hits++;
      res.writeHead(200).end('ok');
    }),
  );
  let nodeA: Runtime;
  let nodeB: Runtime;
  let w: World;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nodeA = await open();
    nodeB = await open();
    w = await createWorld(nodeA.ctx);
  });
  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
    server.close();
    if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends each of 10 due deliveries exactly once when two workers run at the same moment', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < 10; i++) {
      await createWebhook(nodeA.ctx, {
        siteId: w.siteA.id,
        workspaceId: w.workspace.id,
        triggerType: 'site_publish',
        url: `${url}/${i}`,
        filter: null,
        owner: { appId: w.app.id, tokenId: null },
      });
    }
    expect((await publishSite(nodeA.ctx, w.siteA, { customDomains: [], publishToWebflowSubdomain: true }, null)).ok).toBe(true);
    const [a, b] = await Promise.all([nodeA.dataApi.webhookWorker.runOnce(), nodeB.dataApi.webhookWorker.runOnce()]);
    expect(a + b).toBe(10);
    expect(hits).toBe(10);
    expect(await nodeB.dataApi.webhookWorker.runOnce()).toBe(0);
  });
});
