import { sql, type Kysely } from 'kysely';

/**
 * docs/oauth.md, "Resources and audiences", "Dynamic client registration" and "Public clients": the
 * protected resources a token may be bound to (RFC 8707), the resource each authorization is bound to,
 * clients registered by RFC 7591 before any workspace installs them, and the answer a rotated refresh
 * token gives again during the retry grace period.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('protected_resources')
    .ifNotExists()
    .addColumn('uri', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('authorizations').addColumn('resource', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('retry_answer_sealed', 'text').execute();
  await db.schema
    .createIndex('refresh_tokens_retry_answer_idx')
    .ifNotExists()
    .on('refresh_tokens')
    .column('used_at')
    .where(sql.ref('retry_answer_sealed'), 'is not', null)
    .execute();
  await db.schema
    .createTable('client_registrations')
    .ifNotExists()
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('client_secret_digest', 'text')
    .addColumn('client_secret_encrypted', 'text')
    .addColumn('registration_token_digest', 'text', (c) => c.notNull())
    .addColumn('registered_from', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('client_registrations_created_at_idx').ifNotExists().on('client_registrations').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('client_registrations').ifExists().execute();
  await db.schema.dropIndex('refresh_tokens_retry_answer_idx').ifExists().execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('retry_answer_sealed').execute();
  await db.schema.alterTable('authorizations').dropColumn('resource').execute();
  await db.schema.dropTable('protected_resources').ifExists().execute();
}
