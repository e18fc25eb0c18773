import type { Kysely } from 'kysely';

/**
 * Every index on `access_tokens` is written by each code exchange, and the digests it holds are random, so
 * each is a page of its own in the exchange's commit (docs/performance.md, "Where the time goes").
 * Two earned nothing for that: tokens issued from a replayed code are found among their authorization's
 * (`access_tokens_authorization_idx`, then `code_digest`), so `code_digest` needs no index; and only site
 * tokens have a `site_id`, so its index leaves out the OAuth and workspace tokens whose `site_id` is null
 * (a lookup `site_id = ?`, a site's deletion cascading to its tokens included, still uses it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_tokens_code_idx').ifExists().execute();
  await db.schema.dropIndex('access_tokens_site_idx').ifExists().execute();
  await db.schema.createIndex('access_tokens_site_idx').on('access_tokens').column('site_id').where('site_id', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_tokens_site_idx').ifExists().execute();
  await db.schema.createIndex('access_tokens_site_idx').on('access_tokens').column('site_id').execute();
  await db.schema.createIndex('access_tokens_code_idx').ifNotExists().on('access_tokens').column('code_digest').execute();
}
