import type { Kysely } from 'kysely';

/**
 * docs/webflow-wire.md, "Rate limits": Enterprise plans have a custom Data API rate limit. A workspace may carry its own
 * requests-per-minute figure; null means the plan's default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('api_rate_limit', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').dropColumn('api_rate_limit').execute();
}
