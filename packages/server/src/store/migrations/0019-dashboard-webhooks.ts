import type { Kysely } from 'kysely';

/**
 * Webhooks made in the dashboard (docs/adr/0022-dashboard-webhooks.md): they belong to the workspace admin who
 * made them, and end with that person's admin role. Each delivery keeps when its last attempt was made
 * and how long the receiver took to answer it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('webhooks_creator_idx').ifNotExists().on('webhooks').columns(['workspace_id', 'created_by_user_id']).execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_attempt_at', 'text').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_response_ms', 'integer').execute();
  await db.schema.createIndex('webhook_deliveries_webhook_idx').ifNotExists().on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_webhook_idx').ifExists().execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('last_response_ms').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('last_attempt_at').execute();
  await db.schema.dropIndex('webhooks_creator_idx').ifExists().execute();
  await db.schema.alterTable('webhooks').dropColumn('created_by_user_id').execute();
}
