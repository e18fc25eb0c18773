import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrateToLatest } from '../../src/store/migrate.js';
import { backends } from '../support/runtime.js';
import { useContractRuntime } from './contract-runtime.js';

/** docs/design.md, "Domain": every entity has a table. */
const ENTITY_TABLES = [
  'users',
  'workspaces',
  'memberships',
  'sites',
  'custom_domains',
  'apps',
  'app_redirect_uris',
  'authorizations',
  'authorization_sites',
  'authorization_codes',
  'access_tokens',
  'refresh_tokens',
  'webhooks',
  'webhook_deliveries',
  'comment_threads',
  'comment_replies',
  'audit_events',
  'login_sessions',
];

async function tablesAndColumns(db: Kysely<any>, dialect: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{
      t: string;
      c: string;
    }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' order by 1, 2`.execute(db);
    return rows.rows.map((r) => `${r.t}.${r.c}`);
  }
  const rows = await sql<{
    t: string;
    c: string;
  }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() order by 1, 2`.execute(db);
  return rows.rows.map((r) => `${r.t}.${r.c}`);
}

async function indexedColumns(db: Kysely<any>, dialect: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{
      t: string;
      c: string;
    }>`select m.tbl_name as t, i.name as c from sqlite_master m join pragma_index_info(m.name) i where m.type = 'index' order by 1, 2`.execute(db);
    return rows.rows.map((r) => `${r.t}.${r.c}`);
  }
  const rows = await sql<{ t: string; c: string }>`
    select t.relname as t, a.attname as c from pg_index x
    join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
    where n.nspname = current_schema() order by 1, 2`.execute(db);
  return rows.rows.map((r) => `${r.t}.${r.c}`);
}

describe.each(backends())('migrations on %s', (backend) => {
  const { rt } = useContractRuntime(backend);

  it('creates a table for every entity of the domain', async () => {
    const tables = new Set((await tablesAndColumns(rt().ctx.db, backend)).map((tc) => tc.split('.')[0]));
    for (const table of ENTITY_TABLES) expect(tables, table).toContain(table);
  });

  it('indexes the columns that revocation looks grants up by', async () => {
    const indexed = await indexedColumns(rt().ctx.db, backend);
    for (const column of ['refresh_tokens.access_token_id', 'refresh_tokens.authorization_id', 'authorization_codes.authorization_id']) {
      expect(indexed, column).toContain(column);
    }
  });

  it('records every migration as executed', async () => {
    const migrations = await listMigrations(rt().ctx.db);
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.filter((m) => !m.executedAt)).toEqual([]);
  });

  it('changes nothing when run again, twice', async () => {
    const before = await tablesAndColumns(rt().ctx.db, backend);
    const first = await migrateToLatest(rt().ctx.db);
    const second = await migrateToLatest(rt().ctx.db);
    expect(first.results).toEqual([]);
    expect(second.results).toEqual([]);
    expect(await tablesAndColumns(rt().ctx.db, backend)).toEqual(before);
  });

  it('serialises concurrent migration runs without error', async () => {
    const runs = await Promise.all([migrateToLatest(rt().ctx.db), migrateToLatest(rt().ctx.db)]);
    expect(runs.map((r) => r.results)).toEqual([[], []]);
  });

  it('keeps foreign keys enforced', async () => {
    const insert = rt()
      .ctx.db.insertInto('sites')
      .values({
        id: 'f'.repeat(24),
        workspace_id: 'e'.repeat(24),
        display_name: 'x',
        short_name: `fk-${Date.now()}`,
        time_zone: 'UTC',
        preview_url: null,
        locales: '{}',
        created_at: '2026-01-01T00:00:00.000Z',
        last_updated: '2026-01-01T00:00:00.000Z',
        last_published: null,
      });
    await expect(insert.execute()).rejects.toThrow();
  });
});
