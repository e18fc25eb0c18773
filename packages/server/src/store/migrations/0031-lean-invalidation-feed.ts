import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Every revocation and site change appends one feed row in its transaction, and the feed's bookkeeping
 * cost that insert about as much as the row (docs/performance.md, "Where the time goes"): SQLite's
 * AUTOINCREMENT writes `sqlite_sequence` on every insert, and the index on `created_at` is a second
 * b-tree to write. Neither is needed (ADR 0033):
 * - numbers still only grow without AUTOINCREMENT as long as the row holding the largest number is never
 *   deleted, since SQLite numbers a new row one past the largest; the pruner keeps that row
 *   (platform/caches/invalidation-tail.ts). A number that AUTOINCREMENT had already handed out above the
 *   rows left is kept by an empty entry, so no node's cursor is ever ahead of the next number.
 * - the pruner finds old rows from the start of the primary key, where they are, instead of by date.
 * PostgreSQL keeps its sequence and loses the index too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invalidations_created_idx').ifExists().execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table invalidations_lean (seq integer primary key, notice text not null, created_at text not null)`.execute(db);
  await sql`insert into invalidations_lean (seq, notice, created_at) select seq, notice, created_at from invalidations`.execute(db);
  await sql`
    insert into invalidations_lean (seq, notice, created_at)
    select s.seq, '{}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sqlite_sequence s
    where s.name = 'invalidations' and s.seq > coalesce((select max(seq) from invalidations), 0)`.execute(db);
  await sql`drop table invalidations`.execute(db);
  await sql`alter table invalidations_lean rename to invalidations`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`create table invalidations_numbered (seq integer primary key autoincrement, notice text not null, created_at text not null)`.execute(db);
    await sql`insert into invalidations_numbered (seq, notice, created_at) select seq, notice, created_at from invalidations`.execute(db);
    await sql`drop table invalidations`.execute(db);
    await sql`alter table invalidations_numbered rename to invalidations`.execute(db);
  }
  await db.schema.createIndex('invalidations_created_idx').on('invalidations').column('created_at').execute();
}
