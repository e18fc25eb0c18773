import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { sqliteGroupTransaction } from './sqlite-group-commit.js';

/**
 * Runs `work` in one transaction of `db`: on SQLite a member of the group commit whose queries run on
 * the connection directly (docs/adr/0025-sqlite-group-commit.md, store/sqlite-direct-connection.ts), on
 * PostgreSQL Kysely's transaction on a pooled connection. It settles after its COMMIT on either.
 *
 * @example
 * const issued = await transaction(ctx.db, async (trx) => insertToken(trx, ctx.dialect, values));
 */
export function transaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return sqliteGroupTransaction(db, work) ?? db.transaction().execute(work);
}
