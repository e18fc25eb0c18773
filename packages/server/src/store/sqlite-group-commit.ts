import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import { FifoLock } from './fifo-lock.js';

/**
 * Group commit on SQLite (docs/adr/0025-sqlite-group-commit.md). SQLite has one connection, so
 * transactions already run one after another; what each pays alone is its COMMIT (writing its pages to
 * the WAL). Here the transactions that arrive while others are in flight share one: the first opens the
 * database transaction, each runs inside a savepoint of it (its failure undoes its own work only), and
 * the COMMIT runs once the connection is idle, on the next turn of the event loop. Every transaction,
 * and every write made outside one while the group is open, settles only after that COMMIT, so nothing
 * is answered before it is committed.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig & { database: SQLite.Database }) {
    super(config);
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(super.createDriver(), this.config.database);
  }
}

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const SAVEPOINT = CompiledQuery.raw('savepoint gatehouse_member');
const RELEASE = CompiledQuery.raw('release gatehouse_member');
const ROLLBACK_TO = CompiledQuery.raw('rollback to gatehouse_member');

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

class GroupCommitDriver implements Driver {
  /** Whether the shared database transaction is open (BEGIN run, COMMIT not yet). */
  groupOpen = false;
  private group: Group | undefined;
  /** Holds take the connection in turn (the COMMIT of flush() goes to the inner driver directly). */
  private readonly turns = new FifoLock();

  constructor(
    private readonly inner: Driver,
    private readonly sqlite: SQLite.Database,
  ) {}

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

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.turns.acquire();
    try {
      return new Hold(await this.inner.acquireConnection(), this);
    } catch (err) {
      this.turns.release();
      throw err;
    }
  }

  async beginTransaction(hold: Hold, _settings: TransactionSettings): Promise<void> {
    await this.yieldWriteLock();
    if (!this.groupOpen) {
      await hold.connection.executeQuery(BEGIN);
      this.groupOpen = true;
    }
    await hold.connection.executeQuery(SAVEPOINT);
  }

  async commitTransaction(hold: Hold): Promise<void> {
    await hold.connection.executeQuery(RELEASE);
    hold.inGroup = true;
  }

  async rollbackTransaction(hold: Hold): Promise<void> {
    hold.inGroup = false;
    if (this.sqlite.inTransaction) {
      await hold.connection.executeQuery(ROLLBACK_TO);
      await hold.connection.executeQuery(RELEASE);
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
        await connection.executeQuery(COMMIT);
      }
      group?.resolve();
    } catch (err) {
      if (this.sqlite.inTransaction) await connection.executeQuery(ROLLBACK).catch(() => undefined);
      group?.reject(err);
    } finally {
      await this.inner.releaseConnection(connection);
    }
  }
}
