import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as workspaceApiRateLimit from './migrations/0002-workspace-api-rate-limit.js';
import * as siteFoldersAndDataCollection from './migrations/0007-site-folders-and-data-collection.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workspace-api-rate-limit': workspaceApiRateLimit,
  '0007-site-folders-and-data-collection': siteFoldersAndDataCollection,
};

/**
 * Kysely looks for its bookkeeping tables in every schema unless told which one; on PostgreSQL another
 * schema's tables (another Gatehouse, a parallel test run) would then pass for this one's. Name ours.
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    migrationTableSchema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  }
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/** Brings the schema up to date; running it again changes nothing. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await (await migrator(db)).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Every known migration and whether it has run, in order. */
export async function listMigrations(db: Kysely<any>): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  return (await (await migrator(db)).getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
