import type { Kysely } from 'kysely';

/**
 * Indexes for the lookups that end a grant: revoking an authorization reaches its codes and refresh
 * tokens by `authorization_id`, and revoking access tokens reaches their refresh tokens by
 * `access_token_id` (docs/oauth.md, "Revocation"). Without them each revocation scans the table.
 */
const INDEXES = [
  { name: 'refresh_tokens_access_token_idx', table: 'refresh_tokens', column: 'access_token_id' },
  { name: 'refresh_tokens_authorization_idx', table: 'refresh_tokens', column: 'authorization_id' },
  { name: 'authorization_codes_authorization_idx', table: 'authorization_codes', column: 'authorization_id' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) await db.schema.createIndex(index.name).ifNotExists().on(index.table).column(index.column).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) await db.schema.dropIndex(index.name).ifExists().execute();
}
