import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as workspaceApiRateLimit from './migrations/0002-workspace-api-rate-limit.js';
import * as emailIdentity from './migrations/0005-email-identity.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workspace-api-rate-limit': workspaceApiRateLimit,
  '0005-email-identity': emailIdentity,
};

/** Brings the schema up to date; running it again changes nothing. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Every known migration and whether it has run, in order. */
export async function listMigrations(db: Kysely<any>): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
