import type { Kysely } from 'kysely';

/**
 * Deployment operators, who may manage admin API keys in the dashboard (docs/dashboard.md, "Admin API
 * keys"; ADR 0026), and the first characters of each new admin key, so people can tell keys apart in a
 * list. Keys made before this have no prefix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deployment_operators')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('admin_api_keys').addColumn('prefix', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admin_api_keys').dropColumn('prefix').execute();
  await db.schema.dropTable('deployment_operators').ifExists().execute();
}
