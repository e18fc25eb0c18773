import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A token's last use moves to a narrow table of its own, keyed by the token's id (ADR 0031). Written in
 * place in access_tokens, a token's first use grew its row, and rows appended one after another fill
 * their pages, so SQLite split pages; a use of a token spread among a million also rewrote a whole page
 * of wide rows. A token that was never used has no row here. Without a foreign key, so recording a use
 * does not probe access_tokens (nor, on PostgreSQL, lock the token's row); a trigger removes a token's row
 * here when the token is deleted, also by a cascade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('token_last_used')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await sql`insert into token_last_used (token_id, last_used_at) select id, last_used_at from access_tokens where last_used_at is not null`.execute(db);
  await db.schema.alterTable('access_tokens').dropColumn('last_used_at').execute();
  if (postgres) {
    await sql`
      create function gatehouse_forget_token_last_used() returns trigger language plpgsql as $$
      begin
        delete from token_last_used where token_id = old.id;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger access_tokens_forget_last_used after delete on access_tokens
      for each row execute function gatehouse_forget_token_last_used()`.execute(db);
  } else {
    await sql`
      create trigger access_tokens_forget_last_used after delete on access_tokens
      begin
        delete from token_last_used where token_id = old.id;
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`drop trigger if exists access_tokens_forget_last_used${postgres ? sql` on access_tokens` : sql``}`.execute(db);
  if (postgres) await sql`drop function if exists gatehouse_forget_token_last_used()`.execute(db);
  await db.schema.alterTable('access_tokens').addColumn('last_used_at', 'text').execute();
  await sql`update access_tokens set last_used_at = (select u.last_used_at from token_last_used u where u.token_id = access_tokens.id)`.execute(db);
  await db.schema.dropTable('token_last_used').execute();
}
