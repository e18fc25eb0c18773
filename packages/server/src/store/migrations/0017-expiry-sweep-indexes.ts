import type { Kysely } from 'kysely';

/** Sign-in throttles and sessions are swept by age (docs/deployment.md, "Housekeeping"); index what the sweeps filter on. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('login_attempts_window_started_at_idx').ifNotExists().on('login_attempts').column('window_started_at').execute();
  await db.schema.createIndex('login_sessions_expires_at_idx').ifNotExists().on('login_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_sessions_expires_at_idx').ifExists().execute();
  await db.schema.dropIndex('login_attempts_window_started_at_idx').ifExists().execute();
}
