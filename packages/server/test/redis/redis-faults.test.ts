import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { createWorld, type World } from '../support/fixtures.js';
import { bearer } from '../support/oauth-token.js';
import { OwnRedis } from '../support/own-redis.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis is an optimisation: frozen (SIGSTOP), killed or restarted, the node keeps answering at once with
 * its own counters after at most one command timeout, logs each change once, and uses Redis again when it
 * is back. The test runs its own redis-server; the proof that a frozen Redis is asked once, not once per
 * request, is the counter Redis holds after it thaws and runs what it was sent.
 */
describe('a node whose Redis freezes, dies and comes back', { timeout: 60_000 }, () => {
  const prefix = `gatehouse-test:${randomBytes(6).toString('hex')}:`;
  const lines: Array<{ msg?: string }> = [];
  let redis: OwnRedis;
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let w: World;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    runtime = await createTestRuntime('sqlite', { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' }, { dataApi: { redisPrefix: prefix } });
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as { msg?: string });
        done();
      },
    });
    app = await buildApp(runtime, { logger: { level: 'info', stream } });
    await app.ready();
    w = await createWorld(runtime.ctx);
    const created = await createSiteToken(runtime.ctx, w.siteA.id, { name: 'counted', scopes: ['sites:read'] });
    token = created.token;
    tokenId = created.record.id;
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await runtime.dispose();
    await redis.kill();
  }, 60_000);

  const logged = (msg: string) => lines.filter((l) => l.msg === msg).length;
  const get = () => app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) });
  /** What Redis counted for the token, over every window. */
  const counted = async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      const keys = await client.keys(`${prefix}rl:*:token:${tokenId}`);
      const values = keys.length ? await client.mget(keys) : [];
      return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
    } finally {
      client.disconnect();
    }
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await sleep(100);
    return check();
  };

  it('asks a frozen Redis once, answers every request meanwhile from local counters, and logs down and up once each', async () => {
    expect((await get()).statusCode).toBe(200);
    expect(await counted()).toBe(1);

    redis.freeze();
    try {
      for (let i = 0; i < 30; i++) {
        const res = await get();
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeDefined();
      }
      expect(logged('redis unavailable')).toBe(1);
    } finally {
      redis.thaw();
    }
    expect(await until(() => logged('redis available again') === 1)).toBe(true);
    // Redis has now run everything it was sent while frozen: at most the one request that found it frozen.
    expect(await counted()).toBeLessThanOrEqual(2);
    const before = await counted();
    expect((await get()).statusCode).toBe(200);
    expect(await counted()).toBe(before + 1);
    expect(logged('redis unavailable')).toBe(1);
  });

  it('keeps answering while Redis is gone, and shares counters again once it is restarted', async () => {
    await redis.kill();
    for (let i = 0; i < 10; i++) expect((await get()).statusCode).toBe(200);
    expect(logged('redis unavailable')).toBe(2);

    await redis.restart();
    expect(await until(() => logged('redis available again') === 2)).toBe(true);
    expect((await get()).statusCode).toBe(200);
    expect(await counted()).toBe(1);
    expect(logged('redis unavailable')).toBe(2);
  });
});
