import type { Kysely } from 'kysely';

/**
 * Admin API keys and the answers kept for `Idempotency-Key` (docs/admin-api.md). A key is stored as its
 * SHA-256 digest only; a kept answer is sealed (it may carry a secret shown once) and expires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('admin_key_id', 'text', (c) => c.notNull().references('admin_api_keys.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['admin_key_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('admin_api_keys').execute();
}
