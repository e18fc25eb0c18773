import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildApp } from '../../src/http/app.js';
import { createSiteToken, revokeAccessToken } from '../../src/platform/api-tokens.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { bearer } from '../support/oauth-token.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const reachable = await redisReachable();
if (!reachable && process.env.GATEHOUSE_REQUIRE_SERVICES) {
  throw new Error(`Redis is required (GATEHOUSE_REQUIRE_SERVICES is set) but ${REDIS_URL} does not answer`);
}

describe.skipIf(!reachable)('two Gatehouse nodes sharing Redis', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-redis-'));
  const prefix = `gatehouse-test:${randomBytes(6).toString('hex')}:`;
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL });
  const nodes: Array<{ runtime: Runtime; app: FastifyInstance }> = [];
  let w: World;
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const runtime = await createRuntime(config, { dataApi: { redisPrefix: prefix } });
      const app = await buildApp(runtime, { logger: false });
      await app.ready();
      nodes.push({ runtime, app });
    }
    w = await createWorld(nodes[0]!.runtime.ctx);
    await nodes[0]!.runtime.ctx.db.updateTable('workspaces').set({ plan: 'starter' }).where('id', '=', w.workspace.id).execute();
  });
  afterAll(async () => {
    for (const n of nodes) {
      await n.app.close();
      await n.runtime.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares one rate-limit counter per token across both nodes', async () => {
    const { token } = await createSiteToken(nodes[0]!.runtime.ctx, w.siteA.id, { name: 'shared', scopes: ['sites:read'] });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await nodes[i % 2]!.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) });
      statuses.push(res.statusCode);
      if (i < 60) expect(res.headers['x-ratelimit-remaining']).toBe(String(59 - i));
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('drops a token revoked on one node from the other node cache within the pub/sub latency', async () => {
    const { token, record } = await createSiteToken(nodes[0]!.runtime.ctx, w.siteB.id, { name: 'bridge', scopes: ['sites:read'] });
    const other = nodes[1]!;
    expect((await other.app.inject({ url: `/v2/sites/${w.siteB.id}`, headers: bearer(token) })).statusCode).toBe(200);
    const dropped = new Promise<void>((resolve) => other.runtime.ctx.events.once('revoked', () => resolve()));
    await revokeAccessToken(nodes[0]!.runtime.ctx, record.id);
    await dropped;
    expect((await other.app.inject({ url: `/v2/sites/${w.siteB.id}`, headers: bearer(token) })).statusCode).toBe(401);
  });
});
