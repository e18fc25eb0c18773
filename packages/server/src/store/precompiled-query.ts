import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import type { Dialect } from './database.js';
import { nameStatement } from './postgres-named-statements.js';
import { runOnSqliteNow } from './sqlite-group-commit.js';
import type { Database } from './schema.js';

const MARK = '\u0000gatehouse-param:';

/**
 * A hot-path query built and compiled once per dialect, then run with fresh values. Building a Kysely
 * query costs ten times more than running it on SQLite (measured: ~0.3 ms vs ~0.02 ms for the code
 * lookup), and the token and introspection endpoints run a few per request. Values are bound by name:
 * the query is compiled with marker strings, and each marker in the compiled parameters is swapped for
 * the value of that name, so the order Kysely emits parameters in never matters. `build` is told the
 * dialect, for the few expressions the two databases spell differently (string aggregation). On
 * PostgreSQL each is also a named statement, parsed and planned once per connection
 * (store/postgres-named-statements.ts); SQLite's statements are kept prepared by store/database.ts.
 *
 * This is the one way a hot read reaches the database (docs/design.md, "Caches"): every query a /v2
 * read or a token resolution runs on a cache miss is declared with it.
 *
 * @example
 * const byClientId = precompiled((db, p) => db.selectFrom('apps').selectAll().where('client_id', '=', p('clientId')));
 * const { rows } = await byClientId(ctx.db, ctx.dialect, { clientId });
 */
export function precompiled<N extends string, R>(build: (db: Kysely<Database>, param: (name: N) => string, dialect: Dialect) => Compilable<R>) {
  // Per dialect: the compiled query, and for each of its parameters the name it is bound by (undefined for a constant).
  const compiled = new Map<Dialect, { query: CompiledQuery<R>; names: Array<N | undefined> }>();
  return (db: Kysely<Database>, dialect: Dialect, values: Record<N, unknown>): Promise<QueryResult<R>> => {
    let entry = compiled.get(dialect);
    if (!entry) {
      const query = build(db, (name) => MARK + name, dialect).compile();
      if (dialect === 'postgres') nameStatement(query.sql);
      const names = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? (p.slice(MARK.length) as N) : undefined));
      entry = { query, names };
      compiled.set(dialect, entry);
    }
    const { query, names } = entry;
    const parameters = query.parameters.map((p, i) => {
      const name = names[i];
      return name === undefined ? p : values[name];
    });
    // On SQLite, inside a transaction of store/transaction.ts or as a read while the connection is free, the statement runs at once.
    try {
      const now = dialect === 'sqlite' ? runOnSqliteNow<R>(db, query, parameters) : undefined;
      if (now) return Promise.resolve(now);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return db.executeQuery<R>({ ...query, parameters });
  };
}
