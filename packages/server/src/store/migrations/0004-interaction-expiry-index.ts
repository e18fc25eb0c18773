import type { Kysely } from 'kysely';

/**
 * Parked authorize requests are swept by expiry (docs/oauth.md, "Parked requests"); without an index
 * on `expires_at` each sweep scans every row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('oauth_interactions_expires_at_idx').ifNotExists().on('oauth_interactions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('oauth_interactions_expires_at_idx').ifExists().execute();
}
