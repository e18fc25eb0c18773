import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildApp } from '../../src/http/app.js';
import { createSiteToken, revokeAccessToken } from '../../src/platform/tokens/api-tokens.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { listenOnLoopback } from '../support/loopback.js';
import { bearer } from '../support/oauth-token.js';
import { REDIS_URL, requireRedis } from '../support/redis.js';

const reachable = await requireRedis();

describe.skipIf(!reachable)('two Gatehouse nodes sharing Redis', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-redis-'));
  const prefix = `gatehouse-test:${randomBytes(6).toString('hex')}:`;
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', REDIS_URL });
  const nodes: Array<{ runtime: Runtime; app: FastifyInstance; url: string; fastifyReplies: number }> = [];
  let w: World;
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const runtime = await createRuntime(config, { dataApi: { redisPrefix: prefix } });
      const app = await buildApp(runtime, { logger: false });
      const node = { runtime, app, url: '', fastifyReplies: 0 };
      // Counts what Fastify answers: every request (ADR 0012).
      app.addHook('onSend', (_req, _reply, payload, done) => {
        node.fastifyReplies += 1;
        done(null, payload);
      });
      node.url = await listenOnLoopback(app);
      nodes.push(node);
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

  it("answers Get Site from memory on both nodes, with the shared counter and the route's own 429", async () => {
    const { ctx } = nodes[0]!.runtime;
    await ctx.db.updateTable('workspaces').set({ api_rate_limit: 4 }).where('id', '=', w.otherWorkspace.id).execute();
    const { token } = await createSiteToken(ctx, w.otherSite.id, { name: 'lane', scopes: ['sites:read'] });
    const seen: Array<[number, string | null, boolean]> = [];
    let refused: { headers: Record<string, string>; body: string } | undefined;
    for (let i = 0; i < 5; i++) {
      const node = nodes[i % 2]!;
      const before = node.fastifyReplies;
      const res = await fetch(`${node.url}/v2/sites/${w.otherSite.id}`, { headers: bearer(token) });
      const body = await res.text();
      seen.push([res.status, res.headers.get('x-ratelimit-remaining'), node.fastifyReplies > before]);
      if (res.status === 429) {
        refused = { headers: {}, body };
        res.headers.forEach((value, name) => (refused!.headers[name] = value));
      }
    }
    expect(seen).toEqual([
      [200, '3', true], // each node's first use of the token reads the database; later ones are answered from memory
      [200, '2', true],
      [200, '1', true],
      [200, '0', true],
      [429, '0', true],
    ]);
    const route = await nodes[1]!.app.inject({ url: `/v2/sites/${w.otherSite.id}`, headers: bearer(token) });
    expect(route.statusCode).toBe(429);
    expect(refused!.body).toBe(route.body);
    const comparable = (headers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => !['date', 'connection', 'keep-alive', 'x-request-id', 'retry-after'].includes(name)));
    expect(comparable(refused!.headers)).toEqual(comparable(route.headers));
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
