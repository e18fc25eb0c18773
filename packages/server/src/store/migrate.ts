import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as workspaceApiRateLimit from './migrations/0002-workspace-api-rate-limit.js';
import * as grantsFollowRoles from './migrations/0003-grants-follow-roles.js';
import * as interactionExpiryIndex from './migrations/0004-interaction-expiry-index.js';
import * as emailIdentity from './migrations/0005-email-identity.js';
import * as invalidationFeed from './migrations/0006-invalidation-feed.js';
import * as siteFoldersAndDataCollection from './migrations/0007-site-folders-and-data-collection.js';
import * as grantLookupIndexes from './migrations/0008-grant-lookup-indexes.js';
import * as accountsEmail from './migrations/0015-accounts-email.js';
import * as mcpAuthorization from './migrations/0011-mcp-authorization.js';
import * as adminApi from './migrations/0014-admin-api.js';
import * as consoleDetails from './migrations/0016-console-details.js';
import * as expirySweepIndexes from './migrations/0017-expiry-sweep-indexes.js';
import * as dashboardWebhooks from './migrations/0019-dashboard-webhooks.js';
import * as twoFactor from './migrations/0021-two-factor.js';
import * as deploymentOperators from './migrations/0022-deployment-operators.js';
import * as usageHourIndex from './migrations/0020-usage-hour-index.js';
import * as tokenLastUsed from './migrations/0027-token-last-used.js';
import * as leanTokenIndexes from './migrations/0029-lean-token-indexes.js';
import * as leanInvalidationFeed from './migrations/0031-lean-invalidation-feed.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workspace-api-rate-limit': workspaceApiRateLimit,
  '0003-grants-follow-roles': grantsFollowRoles,
  '0004-interaction-expiry-index': interactionExpiryIndex,
  '0005-email-identity': emailIdentity,
  '0006-invalidation-feed': invalidationFeed,
  '0007-site-folders-and-data-collection': siteFoldersAndDataCollection,
  '0008-grant-lookup-indexes': grantLookupIndexes,
  '0015-accounts-email': accountsEmail,
  '0011-mcp-authorization': mcpAuthorization,
  '0014-admin-api': adminApi,
  '0016-console-details': consoleDetails,
  '0017-expiry-sweep-indexes': expirySweepIndexes,
  '0019-dashboard-webhooks': dashboardWebhooks,
  '0021-two-factor': twoFactor,
  '0022-deployment-operators': deploymentOperators,
  '0020-usage-hour-index': usageHourIndex,
  '0027-token-last-used': tokenLastUsed,
  '0029-lean-token-indexes': leanTokenIndexes,
  '0031-lean-invalidation-feed': leanInvalidationFeed,
};

/**
 * On PostgreSQL, Kysely looks for its bookkeeping tables in every schema unless told which one: name the
 * schema in use, so a database holding several Gatehouse schemas (or a half-made one) cannot mislead it.
 */
async function migrationSchema(db: Kysely<any>): Promise<{ migrationTableSchema?: string }> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return {};
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ? { migrationTableSchema: rows[0].schema } : {};
}

/** Migrations are numbered when work on them starts, so a lower number may land after a higher one ran. */
const ALLOW_UNORDERED = { allowUnorderedMigrations: true } as const;

/** Brings the schema up to date; running it again changes nothing. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...ALLOW_UNORDERED,
    ...(await migrationSchema(db)),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Every known migration and whether it has run, in order. */
export async function listMigrations(db: Kysely<any>): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...ALLOW_UNORDERED, ...(await migrationSchema(db)) });
  return (await migrator.getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
