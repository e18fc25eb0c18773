import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { transaction } from '../../src/store/transaction.js';

type Transact = <T>(db: Kysely<any>, work: (trx: Kysely<any>) => Promise<T>) => Promise<T>;
const TRANSACTIONS: Array<[string, Transact]> = [
  ['Kysely transactions', (db, work) => db.transaction().execute(work)],
  ['store transactions (queries run on the connection directly)', (db, work) => transaction(db as unknown as Kysely<Database>, work)],
];

/** docs/adr/0025-sqlite-group-commit.md: transactions that overlap share one COMMIT, and none settles before it. */
describe.each(TRANSACTIONS)('SQLite group commit, %s', (_name, transact) => {
  let dir: string;
  let handle: DatabaseHandle;
  let db: Kysely<any>;
  /** A second connection to the same file: it sees only what is committed. */
  let reader: SQLite.Database;
  const committedIds = () => (reader.prepare('select id from t order by id').all() as { id: string }[]).map((r) => r.id);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-group-commit-'));
    handle = await openDatabase({ dataDir: dir });
    db = handle.db as unknown as Kysely<any>;
    await sql`create table t (id text primary key)`.execute(db);
    reader = new SQLite(path.join(dir, 'gatehouse.sqlite'), { readonly: true });
  });

  afterEach(async () => {
    reader.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (trx: Kysely<any>, id: string) => trx.insertInto('t').values({ id }).execute();

  it('settles a transaction only once another connection can read what it wrote', async () => {
    await transact(db, (trx) => insert(trx, 'a'));
    expect(committedIds()).toEqual(['a']);
  });

  it('lets overlapping transactions share one commit: the second runs before the first is committed, and both settle committed', async () => {
    let firstSettled = false;
    let seenDuringSecond: string[] = [];
    let firstSettledDuringSecond = true;
    const first = transact(db, (trx) => insert(trx, 'a')).then(() => (firstSettled = true));
    const second = transact(db, async (trx) => {
      await insert(trx, 'b');
      seenDuringSecond = committedIds();
      firstSettledDuringSecond = firstSettled;
    });
    await Promise.all([first, second]);
    expect(firstSettledDuringSecond).toBe(false);
    expect(seenDuringSecond).toEqual([]);
    expect(committedIds()).toEqual(['a', 'b']);
  });

  it('undoes only the work of a transaction that fails, keeping the others of its group', async () => {
    const results = await Promise.allSettled([
      transact(db, (trx) => insert(trx, 'a')),
      transact(db, async (trx) => {
        await insert(trx, 'b');
        throw new Error('refused');
      }),
      transact(db, (trx) => insert(trx, 'a')), // a unique violation: fails alone
      transact(db, (trx) => insert(trx, 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(committedIds()).toEqual(['a', 'c']);
  });

  it('undoes only the work of the first transaction of a group when it fails, keeping those that follow', async () => {
    const results = await Promise.allSettled([
      transact(db, async (trx) => {
        await insert(trx, 'b');
        throw new Error('refused');
      }),
      transact(db, (trx) => insert(trx, 'a')),
      transact(db, (trx) => insert(trx, 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(committedIds()).toEqual(['a', 'c']);
  });

  it('lets go of the write lock after a lone transaction that wrote and failed, so another process can write', async () => {
    const failed = transact(db, async (trx) => {
      await insert(trx, 'a');
      throw new Error('refused');
    });
    await expect(failed).rejects.toThrow('refused');
    const writer = new SQLite(path.join(dir, 'gatehouse.sqlite'), { timeout: 0 });
    try {
      expect(() => writer.prepare('insert into t (id) values (?)').run('b')).not.toThrow();
    } finally {
      writer.close();
    }
    expect(committedIds()).toEqual(['b']);
  });

  it('settles a write made outside a transaction while a group is open only after that group commits', async () => {
    const inTransaction = transact(db, (trx) => insert(trx, 'a'));
    const outside = insert(db, 'b').then(() => committedIds());
    await inTransaction;
    expect(await outside).toEqual(['a', 'b']);
  });
});

describe('SQLite store transactions', () => {
  it('refuse a query made on a transaction after it settled, which would no longer hold the connection', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-group-commit-'));
    const handle = await openDatabase({ dataDir: dir });
    try {
      const db = handle.db as unknown as Kysely<any>;
      await sql`create table t (id text primary key)`.execute(db);
      const kept = await transaction(handle.db, async (trx) => trx as unknown as Kysely<any>);
      await expect(kept.insertInto('t').values({ id: 'late' }).execute()).rejects.toThrow('has ended');
      expect(await db.selectFrom('t').selectAll().execute()).toEqual([]);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
