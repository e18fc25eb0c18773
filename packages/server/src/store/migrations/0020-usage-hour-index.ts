import type { Kysely } from 'kysely';

/** Usage rows older than the retention are swept by hour (docs/deployment.md, "Housekeeping"); the primary key leads with the subject, so index the hour. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('usage_hourly_hour_idx').ifNotExists().on('usage_hourly').column('hour').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('usage_hourly_hour_idx').ifExists().execute();
}
