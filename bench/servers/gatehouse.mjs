// Gatehouse under test, in its own process. BENCH_DB=sqlite (a data dir) or postgres (+ Redis, in a schema
// of its own); LOG_LEVEL and TRUST_PROXY pass through. With BENCH_DATA_DIR / BENCH_SCHEMA naming a data
// set made by lib/dataset.mjs it serves that (fixture.json beside it); otherwise it makes a fresh fixture.
// Set-up requests (codes, tokens) arrive over IPC, outside the measured windows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { serveRequests } from '../lib/proc.mjs';

const dist = new URL('../../packages/server/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { parseConfig } = await load('config/config.js');
const { createRuntime } = await load('runtime.js');
const { buildApp } = await load('http/app.js');
const { createFixture, makeCodes, makeTokens } = await import('../lib/gatehouse-fixture.mjs');

const env = process.env;
const postgres = env.BENCH_DB === 'postgres';
const reuse = Boolean(env.BENCH_DATA_DIR);
const dataDir = env.BENCH_DATA_DIR || mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
const schema = postgres ? env.BENCH_SCHEMA || `bench_${process.pid}` : undefined;
const config = parseConfig({
  ...Object.fromEntries(Object.entries(env).filter(([k]) => /_CACHE_|^HEAP_GROWTH_PERCENT$|^TRUST_PROXY$|^LOG_LEVEL$/.test(k))),
  DATA_DIR: dataDir,
  LOG_LEVEL: env.LOG_LEVEL || 'warn',
  PASSWORD_HASH_COST: '14',
  ...(postgres
    ? {
        DATABASE_URL: `${env.BENCH_DATABASE_URL}${env.BENCH_DATABASE_URL.includes('?') ? '&' : '?'}application_name=${env.BENCH_APP_NAME}`,
        REDIS_URL: env.BENCH_REDIS_URL,
      }
    : {}),
});
const runtime = await createRuntime(config, {
  ...(schema ? { schema } : {}),
  dataApi: { redisPrefix: `gatehouse-bench-${process.pid}:` },
});
const { ctx } = runtime;
const fixtureFile = path.join(dataDir, 'fixture.json');
const fixture = reuse ? JSON.parse(readFileSync(fixtureFile, 'utf8')) : await createFixture(ctx);
if (!reuse) writeFileSync(fixtureFile, JSON.stringify(fixture));
const app = await buildApp(runtime);
await app.listen({ port: 0, host: '127.0.0.1' });
serveRequests({
  codes: ({ n }) => makeCodes(ctx, fixture, n),
  tokens: ({ n, shared }) => makeTokens(ctx, fixture, n, shared),
  memory: () => ({ ...process.memoryUsage(), ...(globalThis.gc ? (globalThis.gc(), { afterGc: process.memoryUsage() }) : {}) }),
  heap: () => ({ heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics() }),
  snapshot: ({ file }) => v8.writeHeapSnapshot(file),
});
process.send({ type: 'ready', url: `http://127.0.0.1:${app.server.address().port}`, fixture });
process.on('SIGTERM', async () => {
  await app.close();
  await runtime.close();
  if (!reuse) {
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  }
  process.exit(0);
});

async function dropSchema(name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: env.BENCH_DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists "${name}" cascade`);
  await client.end();
}
