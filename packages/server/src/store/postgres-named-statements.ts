/**
 * The SQL texts PostgreSQL should keep prepared on every pooled connection, by name. A query sent
 * without a name is parsed, analysed and planned again by PostgreSQL on each run; the token resolver's
 * join costs about 400 µs of the database's CPU so, and about 110 µs as a named statement (measured
 * with a bare pg client, docs/performance.md "Where the time goes"). pg sends the Parse of a name once
 * per connection and only Bind/Execute after it. Only queries compiled once and run often are named
 * here (store/precompiled-query.ts), so the set is small and fixed by the code.
 */
const names = new Map<string, string>();

/** Marks `sql` as one to run as a named statement on PostgreSQL. */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `gatehouse_${names.size + 1}`);
}

/** The statement name of `sql`, or undefined for a query that is run unnamed. */
export const statementNameOf = (sql: string): string | undefined => names.get(sql);

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed under it (a migration
 * run by another node while this one serves: "cached plan must not change result type"). That
 * connection's copy stays refused, so the connection is dropped and the pool opens a fresh one.
 */
export const isStalePreparedStatement = (err: { code?: string | undefined; message?: string }): boolean =>
  err.code === '0A000' && /cached plan must not change result type/.test(err.message ?? '');
