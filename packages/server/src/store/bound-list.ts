import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './database.js';

/*
 * A list of text values bound as one parameter, so a statement is one text whatever the list's length
 * and can be compiled once (store/precompiled-query.ts): PostgreSQL binds it as an array, SQLite as a
 * JSON array it reads with json_each.
 */

/** `column` is one of the list bound at `param` (a precompiled query's `p(name)`). */
export const isOneOf = (dialect: Dialect, column: string, param: string): RawBuilder<boolean> =>
  dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${param}::text[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${param}))`;

/** Rows of the list bound at `param`, one per value, each followed by `rest` (for `INSERT … SELECT`). */
export const listedAs = (dialect: Dialect, param: string, rest: RawBuilder<unknown>): RawBuilder<unknown> =>
  dialect === 'postgres'
    ? sql`select v, ${rest} from unnest(${param}::text[]) as v`
    : // `where true` keeps SQLite from reading a following ON CONFLICT as a join constraint of the SELECT.
      sql`select value, ${rest} from json_each(${param}) where true`;

/** The value to bind for such a list. */
export const boundList = (dialect: Dialect, values: readonly string[]): unknown => (dialect === 'postgres' ? values : JSON.stringify(values));
