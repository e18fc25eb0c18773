import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { DependencyHealth } from '../runtime-log.js';
import { DatabaseUnavailable, isPostgresUnavailableCode } from './database-unavailable.js';
import { isStalePreparedStatement, statementNameOf } from './postgres-named-statements.js';

/** How long each kind of wait on PostgreSQL may last (docs/configuration.md). */
export interface PostgresTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectTimeoutMs: number;
  /** Server side: a statement running longer is cancelled (and an idle open transaction is ended). */
  statementTimeoutMs: number;
  /** Client side: a query whose answer has not arrived by then fails, even when the server is silent. */
  queryTimeoutMs: number;
}

/** The pg pool settings that bound every wait and keep idle connections checked by TCP keepalive. */
export function poolConfig(url: string, schema: string | undefined, timeouts: PostgresTimeouts): pg.PoolConfig {
  return {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    query_timeout: timeouts.queryTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.statementTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  };
}

/**
 * The pool as Kysely sees it, with three guarantees the bare pg pool lacks:
 * - every client has an `error` listener for its whole life, checked out or idle, so a connection reset
 *   mid-transaction fails that transaction's query instead of ending the process (pg emits `error` on the
 *   client, and the pool listens only while the client is idle);
 * - a client whose connection failed or timed out is destroyed on release, never handed out again (after
 *   a client-side query timeout pg still waits for the lost answer on that connection);
 * - connection-level failures, and server errors that mean "not now", reach callers as
 *   {@link DatabaseUnavailable}, which every surface answers with 503.
 * It also runs the precompiled hot queries as named statements (store/postgres-named-statements.ts).
 */
export function guardedPool(pool: pg.Pool, DatabaseError: typeof pg.DatabaseError, health: DependencyHealth): PostgresPool {
  const classify = (err: unknown): { unavailable: boolean; broken: boolean } => {
    if (err instanceof DatabaseError) return { unavailable: isPostgresUnavailableCode(err.code), broken: false };
    return { unavailable: true, broken: true };
  };
  pool.on('connect', (client) => client.on('error', (err) => health.failed(err)));
  pool.on('error', (err) => health.failed(err));

  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        health.failed(err);
        throw new DatabaseUnavailable(err);
      }
      let broken: unknown;
      const query = (async (sql: string, parameters: readonly unknown[]) => {
        const name = statementNameOf(sql);
        try {
          const result = await (name === undefined
            ? client.query(sql, parameters as unknown[])
            : client.query({ name, text: sql, values: parameters as unknown[] }));
          health.succeeded();
          return result;
        } catch (err) {
          const { unavailable, broken: connectionLost } = classify(err);
          if (connectionLost) {
            broken = err;
            health.failed(err);
          } else if (name !== undefined && isStalePreparedStatement(err as pg.DatabaseError)) broken = err;
          throw unavailable ? new DatabaseUnavailable(err) : err;
        }
      }) as unknown as PostgresPoolClient['query'];
      return {
        query,
        release: () => client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true),
      };
    },
    end: () => pool.end(),
  };
}
