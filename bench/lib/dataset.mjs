// Generates a data set of `live` OAuth access tokens for `npm run bench -- scale`: the bench fixture
// (lib/gatehouse-fixture.mjs) plus `live` tokens spread over 1,000 authorizations, token i being
// benchToken(i). SQLite: one prepared insert in large transactions, with access_tokens' secondary
// indexes dropped during the load and built after it. PostgreSQL: one INSERT … SELECT over
// generate_series, the digests computed by PostgreSQL's own sha256().
import { mkdtempSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { benchToken, tokenDigest } from './tokens.mjs';
import { DATABASE_URL } from './servers.mjs';

const dist = new URL('../../packages/server/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const require = createRequire(new URL('../../packages/server/package.json', import.meta.url));
const AUTHORIZATIONS = 1000;
const SCOPES = 'sites:read comments:read authorized_user:read';

/** Answers { env (for startGatehouse), fixture, generationMs, dbSizeMiB(), drop() }. */
export async function generateDataset(db, live) {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-scale-'));
  const schema = db === 'postgres' ? `bench_scale_${randomBytes(4).toString('hex')}` : undefined;
  const { parseConfig } = await load('config/config.js');
  const { createRuntime } = await load('runtime.js');
  const { newId } = await load('crypto/ids.js');
  const { createFixture } = await import('./gatehouse-fixture.mjs');
  const runtime = await createRuntime(parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', PASSWORD_HASH_COST: '14', ...(schema ? { DATABASE_URL } : {}) }), {
    ...(schema ? { schema } : {}),
    dataApi: { tailInvalidations: false },
  });
  const fixture = await createFixture(runtime.ctx);
  const now = new Date().toISOString();
  const authorizations = Array.from({ length: AUTHORIZATIONS }, () => ({
    id: newId(),
    app_id: fixture.appId,
    user_id: fixture.userId,
    workspace_id: fixture.workspaceId,
    target: 'workspace',
    scopes: SCOPES,
    created_at: now,
    revoked_at: null,
  }));
  for (let i = 0; i < authorizations.length; i += 200)
    await runtime.ctx.db
      .insertInto('authorizations')
      .values(authorizations.slice(i, i + 200))
      .execute();
  await runtime.close();
  if (db === 'sqlite') loadSqlite(path.join(dataDir, 'gatehouse.sqlite'), fixture, authorizations, live, now);
  else await loadPostgres(schema, fixture, authorizations, live, now);
  writeFileSync(path.join(dataDir, 'fixture.json'), JSON.stringify(fixture));
  return {
    env: { BENCH_DATA_DIR: dataDir, ...(schema ? { BENCH_SCHEMA: schema } : {}) },
    fixture,
    generationMs: performance.now() - started,
    dbSizeMiB: () => (db === 'sqlite' ? sqliteSize(dataDir) : postgresSize(schema)),
    drop: async () => {
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await withClient((c) => c.query(`drop schema if exists "${schema}" cascade`));
    },
  };
}

function loadSqlite(file, f, authorizations, live, now) {
  const SQLite = require('better-sqlite3');
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'access_tokens' and sql is not null").all();
  for (const { name } of indexes) db.exec(`drop index "${name}"`);
  const insert =
    db.prepare(`insert into access_tokens (id, digest, kind, authorization_id, app_id, site_id, workspace_id, name, scopes, created_by, code_digest, created_at, expires_at, revoked_at)
    values (?, ?, 'oauth', ?, ?, null, ?, null, ?, ?, null, ?, null, null)`);
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++)
      insert.run(
        randomBytes(12).toString('hex'),
        tokenDigest(benchToken(i)),
        authorizations[i % authorizations.length].id,
        f.appId,
        f.workspaceId,
        SCOPES,
        f.userId,
        now,
      );
  });
  for (let i = 0; i < live; i += 100_000) batch(i, Math.min(live, i + 100_000));
  for (const { sql } of indexes) db.exec(sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function withClient(work) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function loadPostgres(schema, f, authorizations, live, now) {
  await withClient(async (c) => {
    await c.query(`set search_path = "${schema}"`);
    const b64url = (x) => `translate(rtrim(encode(${x}, 'base64'), '='), '+/', '-_')`;
    for (let from = 0; from < live; from += 250_000) {
      await c.query(
        `insert into access_tokens (id, digest, kind, authorization_id, app_id, site_id, workspace_id, name, scopes, created_by, code_digest, created_at, expires_at, revoked_at)
         select substr(md5(random()::text || i::text), 1, 24), ${b64url(`sha256(convert_to('gth_oat_' || ${b64url("sha256(convert_to('gatehouse-bench:' || i, 'UTF8'))")}, 'UTF8'))`)},
                'oauth', ($1::text[])[1 + i % $2], $3, null, $4, null, $5, $6, null, $7, null, null
         from generate_series($8::int, $9::int) as i`,
        [authorizations.map((a) => a.id), authorizations.length, f.appId, f.workspaceId, SCOPES, f.userId, now, from, Math.min(live, from + 250_000) - 1],
      );
    }
    await c.query('analyze access_tokens');
  });
}

function sqliteSize(dir) {
  let bytes = 0;
  for (const f of ['gatehouse.sqlite', 'gatehouse.sqlite-wal']) if (existsSync(path.join(dir, f))) bytes += statSync(path.join(dir, f)).size;
  return bytes / 1048576;
}

async function postgresSize(schema) {
  return withClient(async (c) => {
    const { rows } = await c.query(
      "select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'",
      [schema],
    );
    return Number(rows[0].bytes) / 1048576;
  });
}
