import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { MEMORY_BOUND_DEFAULTS } from '../config/config.js';
import { InsertionOrderedMap } from '../insertion-ordered-map.js';
import { DependencyHealth, type LogTarget } from '../runtime-log.js';
import { PostgresListener } from './postgres-listener.js';
import { guardedPool, poolConfig, type PostgresTimeouts } from './postgres-pool.js';
import type { Database } from './schema.js';
import { openGroupCommitDatabase } from './sqlite-group-commit.js';
import { buildRowsInJavaScript } from './sqlite-rows.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Answers whether the database takes a trivial query within `deadlineMs` (docs/deployment.md, probes). */
  ping(deadlineMs?: number): Promise<boolean>;
  /**
   * PostgreSQL only: calls `onWake` whenever a row is added to the invalidation feed (LISTEN/NOTIFY, see
   * migrations/0006-invalidation-feed.ts) and after each reconnect of the listening connection.
   */
  listenForInvalidations?(onWake: () => void): { stop(): Promise<void> };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent the embedded SQLite file in `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to work in (created if missing); isolates parallel test runs. */
  schema?: string | undefined;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string | undefined;
  /** Bounds on every wait; SQLite uses `statementTimeoutMs` as its busy timeout. */
  timeouts?: PostgresTimeouts | undefined;
  /** Where connection failures and recoveries are logged, once per change. */
  log?: LogTarget | undefined;
  /** Most SQLite prepared statements kept for reuse (STATEMENT_CACHE_SIZE, docs/configuration.md). */
  statementCacheSize?: number | undefined;
  /** SQLite's page cache in MiB (SQLITE_PAGE_CACHE_MIB, docs/configuration.md). */
  pageCacheMiB?: number | undefined;
}

/** docs/configuration.md: the DATABASE_*_TIMEOUT_MS defaults. */
export const DEFAULT_DATABASE_TIMEOUTS: PostgresTimeouts = { connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, queryTimeoutMs: 15_000 };

/** How long `/readyz` waits for the database before answering 503. */
export const READINESS_PING_DEADLINE_MS = 1_500;

const silent: LogTarget = { info: () => {}, warn: () => {}, error: () => {} };

/** Opens SQLite (WAL, foreign keys on) by default, or PostgreSQL when a URL is given. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const timeouts = options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const health = new DependencyHealth('database', options.log ?? silent);
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.schema, timeouts, health) : openSqlite(options, timeouts);
}

function openSqlite(options: DatabaseOptions, timeouts: PostgresTimeouts): DatabaseHandle {
  const file = options.sqliteFile ?? 'gatehouse.sqlite';
  let location = file;
  if (file !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    location = path.join(options.dataDir, file);
  }
  const sqlite = new SQLite(location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.trunc(timeouts.statementTimeoutMs)}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`cache_size = -${Math.trunc((options.pageCacheMiB ?? MEMORY_BOUND_DEFAULTS.sqlitePageCacheMiB) * 1024)}`);
  cachePreparedStatements(sqlite, options.statementCacheSize ?? MEMORY_BOUND_DEFAULTS.statements);
  const db = openGroupCommitDatabase<Database>(sqlite);
  return handle(db, 'sqlite');
}

/**
 * Kysely prepares every query afresh, and preparing costs more than running these small queries; reuse
 * statements by SQL text (better-sqlite3 statements are synchronous, so sharing one is safe). A statement that
 * returns rows builds them in JavaScript (store/sqlite-rows.ts).
 */
function cachePreparedStatements(sqlite: SQLite.Database, maxStatements: number): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new InsertionOrderedMap<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement || statement.busy) {
      statement = prepare(source);
      if (statement.reader) buildRowsInJavaScript(statement);
      if (cache.size >= maxStatements) cache.deleteOldest();
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

async function openPostgres(url: string, schema: string | undefined, timeouts: PostgresTimeouts, health: DependencyHealth): Promise<DatabaseHandle> {
  // Loaded only when used: SQLite installs and the CLI start faster without it.
  const { default: pg } = await import('pg');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectTimeoutMs, query_timeout: timeouts.queryTimeoutMs });
    admin.on('error', () => {});
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const config = poolConfig(url, schema, timeouts);
  const pool = new pg.Pool(config);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(pool, pg.DatabaseError, health) }) });
  return {
    ...handle(db, 'postgres'),
    listenForInvalidations: (onWake) => {
      const listener = new PostgresListener(pg.Client, config, (current) => `gatehouse_invalidations_${current}`, onWake);
      listener.start();
      return listener;
    },
  };
}

function handle(db: Kysely<Database>, dialect: Dialect): DatabaseHandle {
  return {
    db,
    dialect,
    ping: async (deadlineMs = READINESS_PING_DEADLINE_MS) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
      const answered = sql`select 1`.execute(db).then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([answered, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => db.destroy(),
  };
}
