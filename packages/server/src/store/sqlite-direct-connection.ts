import type SQLite from 'better-sqlite3';
import { Transaction, type CompiledQuery, type DatabaseConnection, type KyselyProps, type QueryResult } from 'kysely';

/**
 * The SQLite connection as a transaction of the group commit holds it (store/sqlite-group-commit.ts):
 * statements run on better-sqlite3 at once, synchronously, without Kysely's query executor, connection
 * provider and driver layers, which cost more than running a small prepared statement (a chain of
 * promises per query). Safe only while its transaction holds the connection, so it refuses to run once
 * that transaction has ended.
 */
export class SqliteDirectConnection implements DatabaseConnection {
  private open = true;

  constructor(private readonly sqlite: SQLite.Database) {}

  run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
    if (!this.open) throw new Error('the SQLite transaction this query belongs to has ended');
    return runStatement<R>(this.sqlite, sql, parameters);
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(query.sql, query.parameters));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported inside a SQLite transaction');
  }

  close(): void {
    this.open = false;
  }
}

/** A Kysely transaction whose queries run on a direct connection; precompiled queries run on it without Kysely. */
export class DirectTransaction<DB> extends Transaction<DB> {
  constructor(
    props: KyselyProps,
    readonly direct: SqliteDirectConnection,
  ) {
    super(props);
  }
}

/** One statement on better-sqlite3, answered as Kysely's SQLite driver answers it. */
export function runStatement<R>(sqlite: SQLite.Database, sql: string, parameters: readonly unknown[]): QueryResult<R> {
  // Prepared once per SQL text (store/database.ts keeps them).
  const statement = sqlite.prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}
