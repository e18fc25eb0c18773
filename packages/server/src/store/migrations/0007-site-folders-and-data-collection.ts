import type { Kysely } from 'kysely';

/**
 * The Site fields of the official SDK that sites lacked (docs/data-api.md, "Sites"): the folder a site
 * sits in, and its visitor data-collection setting. Gatehouse collects no visitor data, so existing sites
 * read `dataCollectionEnabled: false`, `dataCollectionType: "disabled"`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sites').addColumn('parent_folder_id', 'text').execute();
  await db.schema
    .alterTable('sites')
    .addColumn('data_collection_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sites')
    .addColumn('data_collection_type', 'text', (c) => c.notNull().defaultTo('disabled'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('data_collection_type').execute();
  await db.schema.alterTable('sites').dropColumn('data_collection_enabled').execute();
  await db.schema.alterTable('sites').dropColumn('parent_folder_id').execute();
}
