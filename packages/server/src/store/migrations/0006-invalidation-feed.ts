import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The invalidation feed (docs/deployment.md, "Revocation across nodes"): one numbered row per change that
 * a node's cache may hold (a revoked token or authorization, a rotated secret, a deleted app, a changed
 * site), written in the transaction that makes the change. Numbers only grow: AUTOINCREMENT on SQLite
 * (a deleted top row is never reused), a sequence on PostgreSQL. On PostgreSQL every insert also wakes the
 * nodes LISTENing on `gatehouse_invalidations_<schema>`, at commit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('invalidations')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invalidations_created_idx').on('invalidations').column('created_at').execute();
  if (postgres) {
    await sql`
      create function gatehouse_notify_invalidation() returns trigger language plpgsql as $$
      begin
        perform pg_notify('gatehouse_invalidations_' || current_schema(), '');
        return null;
      end $$`.execute(db);
    await sql`
      create trigger invalidations_notify after insert on invalidations
      for each statement execute function gatehouse_notify_invalidation()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invalidations').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function if exists gatehouse_notify_invalidation()`.execute(db);
}
