import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as workspaceApiRateLimit from './migrations/0002-workspace-api-rate-limit.js';
import * as grantLookupIndexes from './migrations/0008-grant-lookup-indexes.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workspace-api-rate-limit': workspaceApiRateLimit,
  '0008-grant-lookup-indexes': grantLookupIndexes,
};

/**
 * Migrations are numbered when work on them starts, so a lower number may land after a higher one ran.
 * On PostgreSQL the bookkeeping tables are pinned to the connection's schema: Kysely otherwise finds
 * them in any schema of the database and skips creating its own.
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
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
