// Starting the servers under test. Gatehouse on PostgreSQL gets an application_name of its own, by which
// its backends (and so PostgreSQL's CPU time per request) are found in pg_stat_activity.
import pg from 'pg';
import { startServer } from './proc.mjs';

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const script = (name) => new URL(`../servers/${name}.mjs`, import.meta.url).pathname;

export async function startBaseline(name) {
  const server = await startServer(script(name), {}, []);
  return { ...server, name: { 'node-hello': 'node:http hello', 'fastify-hello': 'Fastify hello', 'oidc-provider': 'oidc-provider 9' }[name] };
}

/**
 * Gatehouse on `db` ('sqlite' | 'postgres'); `env` adds settings (LOG_LEVEL, TRUST_PROXY, cache sizes,
 * BENCH_DATA_DIR / BENCH_SCHEMA of a generated data set).
 */
export async function startGatehouse(db, env = {}, label = `Gatehouse ${db === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite'}`) {
  const appName = `gatehouse-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=prof", goes to Gatehouse's node: where does the time go?
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = await startServer(
    script('gatehouse'),
    { BENCH_DB: db, BENCH_DATABASE_URL: DATABASE_URL, BENCH_REDIS_URL: REDIS_URL, BENCH_APP_NAME: appName, ...env },
    nodeArgs,
  );
  const side = { ...server, name: label, db };
  if (db === 'postgres') {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    side.dbPids = async () => (await client.query('select pid from pg_stat_activity where application_name = $1', [appName])).rows.map((r) => r.pid);
    const stop = side.stop;
    side.stop = async () => {
      await stop();
      await client.end();
    };
  }
  return side;
}
