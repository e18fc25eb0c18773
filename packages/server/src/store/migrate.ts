import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as workspaceApiRateLimit from './migrations/0002-workspace-api-rate-limit.js';
import * as grantsFollowRoles from './migrations/0003-grants-follow-roles.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workspace-api-rate-limit': workspaceApiRateLimit,
  '0003-grants-follow-roles': grantsFollowRoles,
};

/**
 * On PostgreSQL the migration tables are looked up in the current schema by name: without it, Kysely
 * finds them in any schema, and a database holding several Gatehouse schemas skips creating them.
 */
async function migrationTableSchema(db: Kysely<any>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  return (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
}

/** Brings the schema up to date; running it again changes nothing. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Every known migration and whether it has run, in order. */
export async function listMigrations(db: Kysely<any>): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  return (await migrator.getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
