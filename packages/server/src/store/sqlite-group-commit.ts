import type SQLite from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type KyselyConfig,
  type QueryExecutor,
  type QueryResult,
  type SqliteDialectConfig,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import { FifoLock } from './fifo-lock.js';
import { DirectTransaction, SqliteDirectConnection, runStatement } from './sqlite-direct-connection.js';

/**
 * Group commit on SQLite (docs/adr/0025-sqlite-group-commit.md). SQLite has one connection, so
 * transactions already run one after another; what each pays alone is its COMMIT (writing its pages to
 * the WAL). Here the transactions that arrive while others are in flight share one: the first opens the
 * database transaction and the others each run inside a savepoint of it (a failure undoes its own work only), and
 * the COMMIT runs once the connection is idle, on the next turn of the event loop. Every transaction,
 * and every write made outside one while the group is open, settles only after that COMMIT, so nothing
 * is answered before it is committed.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  driver: GroupCommitDriver | undefined;

  constructor(private readonly config: SqliteDialectConfig & { database: SQLite.Database }) {
    super(config);
  }

  override createDriver(): Driver {
    this.driver = new GroupCommitDriver(super.createDriver(), this.config.database);
    return this.driver;
  }
}

const groupCommits = new WeakMap<object, GroupCommitDriver>();

/** Kysely over `sqlite` with group commit; sqliteGroupTransaction runs transactions on it directly. */
export function openGroupCommitDatabase<DB>(sqlite: SQLite.Database): Kysely<DB> {
  const dialect = new GroupCommitSqliteDialect({ database: sqlite });
  const db = new Kysely<DB>({ dialect });
  const driver = dialect.driver!;
  driver.kysely = { config: { dialect }, dialect, driver, executor: db.getExecutor() };
  groupCommits.set(db, driver);
  return db;
}

/**
 * Runs `work` as one transaction of the group commit whose queries run on the connection directly
 * (store/sqlite-direct-connection.ts): the same guarantees as `db.transaction().execute(work)` on this
 * dialect, without Kysely's layers around each query. Undefined when `db` is not a database opened by
 * openGroupCommitDatabase (PostgreSQL, or a transaction already).
 */
export function sqliteGroupTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> | undefined {
  return groupCommits.get(db)?.transact(work);
}

/**
 * Runs a compiled query on SQLite at once where that is the same as queueing it for the connection:
 * inside a direct transaction (it holds the connection), or a read while no one holds the connection
 * (it would take and give it back within this turn). Undefined otherwise: run it through Kysely.
 */
export function runOnSqliteNow<R>(db: object, query: CompiledQuery, parameters: readonly unknown[]): QueryResult<R> | undefined {
  if (db instanceof DirectTransaction) return db.direct.run<R>(query.sql, parameters);
  const driver = groupCommits.get(db);
  if (driver?.idle && query.query.kind === 'SelectQueryNode') return driver.read<R>(query.sql, parameters);
  return undefined;
}

interface Group {
  committed: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/** One hold of the connection, from acquire to release; it settles once what it wrote is committed. */
class Hold implements DatabaseConnection {
  /** A transaction of this hold joined the group, or it wrote outside one while the group was open. */
  inGroup = false;
  /** Its transaction failed and was undone; it still waits for the group's COMMIT, which ends the write lock. */
  rolledBack = false;
  /** Its transaction ran BEGIN, so it is alone in the group until it ends: it needs no savepoint. */
  opensGroup = false;

  constructor(
    readonly connection: DatabaseConnection,
    private readonly driver: GroupCommitDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.query?.kind !== 'SelectQueryNode') {
      if (!this.driver.groupOpen) await this.driver.yieldWriteLock();
      else this.inGroup = true;
    }
    return this.connection.executeQuery<R>(query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.connection.streamQuery<R>(query, chunkSize);
  }
}

/**
 * The drivers of this process by database file. A group holds SQLite's write lock until its COMMIT on
 * a later turn of the event loop, and another connection in the same process that writes meanwhile
 * would wait for that lock synchronously, blocking the very loop that would commit; so before a driver
 * writes, it has the groups of the others on its file committed first (two nodes in one process, as
 * tests run them).
 */
const driversByFile = new Map<string, Set<GroupCommitDriver>>();

/** The group's own statements, prepared once. */
interface GroupStatements {
  begin: SQLite.Statement;
  commit: SQLite.Statement;
  rollback: SQLite.Statement;
  savepoint: SQLite.Statement;
  release: SQLite.Statement;
  rollbackTo: SQLite.Statement;
}

class GroupCommitDriver implements Driver {
  /** Whether the shared database transaction is open (BEGIN run, COMMIT not yet). */
  groupOpen = false;
  /** What a direct transaction's Kysely handle is made of (set by openGroupCommitDatabase). */
  kysely: { config: KyselyConfig; dialect: SqliteDialect; driver: Driver; executor: QueryExecutor } | undefined;
  private group: Group | undefined;
  /** Holds take the connection in turn (the COMMIT of flush() goes to the inner driver directly). */
  private readonly turns = new FifoLock();
  private readonly statements: GroupStatements;

  constructor(
    private readonly inner: Driver,
    private readonly sqlite: SQLite.Database,
  ) {
    const prepare = (sql: string) => sqlite.prepare(sql);
    this.statements = {
      begin: prepare('begin'),
      commit: prepare('commit'),
      rollback: prepare('rollback'),
      savepoint: prepare('savepoint gatehouse_member'),
      release: prepare('release gatehouse_member'),
      rollbackTo: prepare('rollback to gatehouse_member'),
    };
  }

  async init(): Promise<void> {
    await this.inner.init();
    if (this.sqlite.memory) return;
    const drivers = driversByFile.get(this.sqlite.name) ?? new Set();
    drivers.add(this);
    driversByFile.set(this.sqlite.name, drivers);
  }

  /** Commits the open groups of the other connections to this file (see driversByFile). */
  async yieldWriteLock(): Promise<void> {
    for (const other of driversByFile.get(this.sqlite.name) ?? []) if (other !== this && other.groupOpen) await other.flush();
  }

  /** No hold has the connection, nor waits for it. */
  get idle(): boolean {
    return !this.turns.held;
  }

  read<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
    return runStatement<R>(this.sqlite, sql, parameters);
  }

  /** sqliteGroupTransaction: Kysely's transaction on this driver, with a connection that runs queries directly. */
  async transact<DB, T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const hold = await this.acquireConnection();
    try {
      await this.beginTransaction(hold);
      const connection = new SqliteDirectConnection(this.sqlite);
      try {
        const value = await work(this.directTransaction<DB>(connection));
        await this.commitTransaction(hold);
        return value;
      } catch (err) {
        await this.rollbackTransaction(hold);
        throw err;
      } finally {
        connection.close();
      }
    } finally {
      await this.releaseConnection(hold);
    }
  }

  private directTransaction<DB>(connection: SqliteDirectConnection): DirectTransaction<DB> {
    if (!this.kysely) throw new Error('a direct SQLite transaction needs a database opened by openGroupCommitDatabase');
    const { config, dialect, driver, executor } = this.kysely;
    const provider = { provideConnection: <T>(consume: (c: DatabaseConnection) => Promise<T>) => consume(connection) };
    return new DirectTransaction<DB>({ config, dialect, driver, executor: executor.withConnectionProvider(provider) }, connection);
  }

  async acquireConnection(): Promise<Hold> {
    await this.turns.acquire();
    try {
      return new Hold(await this.inner.acquireConnection(), this);
    } catch (err) {
      this.turns.release();
      throw err;
    }
  }

  /**
   * The first transaction of a group runs BEGIN and no savepoint: it holds the connection until it
   * ends, so nothing else is in the group yet, and if it fails a ROLLBACK undoes its work alone. The
   * others each run inside a savepoint.
   */
  async beginTransaction(hold: Hold, _settings?: TransactionSettings): Promise<void> {
    await this.yieldWriteLock();
    if (this.groupOpen) this.statements.savepoint.run();
    else {
      this.statements.begin.run();
      this.groupOpen = true;
      hold.opensGroup = true;
    }
  }

  async commitTransaction(hold: Hold): Promise<void> {
    if (!hold.opensGroup) this.statements.release.run();
    hold.inGroup = true;
  }

  async rollbackTransaction(hold: Hold): Promise<void> {
    hold.inGroup = false;
    if (this.sqlite.inTransaction && hold.opensGroup) {
      // Alone in its group: undoing all of it ends the write lock too, so it settles at once.
      this.statements.rollback.run();
      this.groupOpen = false;
    } else if (this.sqlite.inTransaction) {
      this.statements.rollbackTo.run();
      this.statements.release.run();
      // The group keeps SQLite's write lock until its COMMIT, which must run even when no member
      // succeeds: this failure settles after it, with its own error.
      hold.rolledBack = true;
    } else this.lost(new Error('SQLite ended the shared transaction'));
  }

  /** Kysely awaits this before a transaction (or a query) settles: the connection goes to the next one, which joins the group, and this one waits for the COMMIT. */
  async releaseConnection(hold: Hold): Promise<void> {
    await this.inner.releaseConnection(hold.connection);
    this.turns.release();
    if (hold.inGroup) await this.joined();
    else if (hold.rolledBack && this.groupOpen) await this.joined().catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.flush();
    driversByFile.get(this.sqlite.name)?.delete(this);
    await this.inner.destroy();
  }

  /** The COMMIT of the group now open, run once the connection is next free. */
  private joined(): Promise<void> {
    if (!this.group) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.group = { committed, resolve, reject };
      setImmediate(() => void this.flush());
    }
    return this.group.committed;
  }

  /** SQLite rolled the whole transaction back (an I/O error, a full disk): every member of the group fails. */
  private lost(err: unknown): void {
    this.groupOpen = false;
    const group = this.group;
    this.group = undefined;
    group?.reject(err);
  }

  async flush(): Promise<void> {
    const connection = await this.inner.acquireConnection();
    const group = this.group;
    this.group = undefined;
    try {
      if (this.groupOpen) {
        this.groupOpen = false;
        this.statements.commit.run();
      }
      group?.resolve();
    } catch (err) {
      if (this.sqlite.inTransaction)
        try {
          this.statements.rollback.run();
        } catch {
          // The COMMIT's error is the one every member gets.
        }
      group?.reject(err);
    } finally {
      await this.inner.releaseConnection(connection);
    }
  }
}
