import { sql, type SelectQueryBuilder } from 'kysely';
import { validation } from '../errors.js';

/**
 * Cursor pagination of the admin API (docs/admin-api.md, "Pagination"). A cursor is opaque to clients:
 * the (creation time, id) of the last item served, so a page never repeats or skips an item when rows
 * are added or removed between requests, unlike an offset.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

export interface Position {
  createdAt: string;
  id: string;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** The position a cursor names; a cursor this server did not make is a `validation` error on `cursor`. */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 64)) {
      return { createdAt: decoded[0] as string, id: decoded[1] as string };
    }
  } catch {
    // falls through to the refusal
  }
  throw validation('cursor', 'cursor is not one this API returned; start again without it');
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_LIMIT) throw validation('limit', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  return value;
}

/** Reads one page of a query ordered by (`createdColumn`, `idColumn`), in the database. */
export async function pageOfQuery<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: { created: string; id: string; direction?: 'asc' | 'desc' },
  page: PageRequest,
  positionOf: (row: O) => Position,
): Promise<Page<O>> {
  const limit = checkLimit(page.limit);
  const after = decodeCursor(page.cursor);
  const direction = columns.direction ?? 'asc';
  const created = sql.ref(columns.created);
  const id = sql.ref(columns.id);
  let q = query;
  if (after) {
    q =
      direction === 'asc'
        ? q.where(sql<boolean>`(${created} > ${after.createdAt} or (${created} = ${after.createdAt} and ${id} > ${after.id}))`)
        : q.where(sql<boolean>`(${created} < ${after.createdAt} or (${created} = ${after.createdAt} and ${id} < ${after.id}))`);
  }
  const rows = await q
    .orderBy(sql`${created}`, direction)
    .orderBy(sql`${id}`, direction)
    .limit(limit + 1)
    .execute();
  return finish(rows, limit, positionOf);
}

/** One page of a list already in memory, in (creation time, id) order: for the per-workspace lists, which are small. */
export function pageOfList<T>(items: T[], page: PageRequest, positionOf: (item: T) => Position): Page<T> {
  const limit = checkLimit(page.limit);
  const after = decodeCursor(page.cursor);
  const key = (p: Position) => `${p.createdAt}\u0000${p.id}`;
  const sorted = [...items].sort((a, b) => (key(positionOf(a)) < key(positionOf(b)) ? -1 : 1));
  const rest = after ? sorted.filter((item) => key(positionOf(item)) > key(after)) : sorted;
  return finish(rest.slice(0, limit + 1), limit, positionOf);
}

function finish<T>(rows: T[], limit: number, positionOf: (item: T) => Position): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
