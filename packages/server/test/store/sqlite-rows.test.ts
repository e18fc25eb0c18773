import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildRowsInJavaScript } from '../../src/store/sqlite-rows.js';

describe('rows of a SQLite statement built in JavaScript', () => {
  const db = new SQLite(':memory:');
  db.exec(`create table t (id text, n integer, r real, b blob, missing text); insert into t values ('a', 1, 1.5, x'0102', null), ('b', 2, 2.5, x'03', null)`);
  const both = (sql: string, ...params: unknown[]) => {
    const theirs = db.prepare(sql).all(...params);
    const statement = db.prepare(sql);
    buildRowsInJavaScript(statement);
    return { theirs, ours: statement.all(...params) };
  };

  it('answers the rows better-sqlite3 makes: the same keys in the same order, values, nulls and blobs', () => {
    const { theirs, ours } = both('select * from t where id >= ? order by id', 'a');
    expect(ours).toEqual(theirs);
    expect(ours.map((row) => Object.keys(row as object))).toEqual(theirs.map((row) => Object.keys(row as object)));
  });

  it('keeps the later of two columns of one name, and leaves a column named __proto__ to better-sqlite3', () => {
    const twice = both('select id as x, n as x from t order by id');
    expect(twice.ours).toEqual(twice.theirs);
    expect(twice.ours).toEqual([{ x: 1 }, { x: 2 }]);
    const proto = both('select id as "__proto__" from t order by id');
    expect(proto.ours).toEqual(proto.theirs);
    expect(Object.getPrototypeOf(proto.ours[0])).toBe(Object.prototype);
  });

  it('still answers better-sqlite3 objects from get() and iterate()', () => {
    const statement = db.prepare('select id, n from t order by id');
    buildRowsInJavaScript(statement);
    expect(statement.all()).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
    expect(statement.get()).toEqual({ id: 'a', n: 1 });
    expect([...statement.iterate()]).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
  });
});
