import type { CommentThreadRow } from '../store/schema.js';
import type { PlatformContext } from './context.js';

/** docs/webflow-wire.md, "Comments" query: offset/limit pagination, sortBy only together with sortOrder. */
export interface CommentQuery {
  localeId?: string | undefined;
  offset: number;
  limit: number;
  sortBy?: 'createdOn' | 'lastUpdated' | undefined;
  sortOrder?: 'asc' | 'desc' | undefined;
}

/** A user as the comment schemas name one: threads key it `userId`, replies `id` (docs/data-api.md). */
interface Person {
  id: string;
  email: string;
  name: string;
}

const asThreadPerson = (p: Person) => ({ userId: p.id, email: p.email, name: p.name });

const SORT_COLUMN = { createdOn: 'created_at', lastUpdated: 'last_updated' } as const;

async function people(ctx: PlatformContext, ids: string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, email: u.email, name: `${u.first_name} ${u.last_name}`.trim() }]));
}

const unknownPerson = (id: string): Person => ({ id, email: '', name: '' });

function shapeThread(t: CommentThreadRow, who: Map<string, Person>) {
  const mentioned = JSON.parse(t.mentioned_user_ids) as string[];
  return {
    id: t.id, siteId: t.site_id, pageId: t.page_id, localeId: t.locale_id, itemId: t.item_id, breakpoint: t.breakpoint, url: t.url,
    content: t.content, isResolved: t.is_resolved === 1, author: asThreadPerson(who.get(t.author_user_id) ?? unknownPerson(t.author_user_id)),
    mentionedUsers: mentioned.map((id) => asThreadPerson(who.get(id) ?? unknownPerson(id))), createdOn: t.created_at, lastUpdated: t.last_updated,
  };
}

export async function listCommentThreads(ctx: PlatformContext, siteId: string, q: CommentQuery) {
  let base = ctx.db.selectFrom('comment_threads').where('site_id', '=', siteId);
  if (q.localeId) base = base.where('locale_id', '=', q.localeId);
  const { n } = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy(SORT_COLUMN[q.sortBy ?? 'createdOn'], q.sortOrder ?? 'asc').orderBy('id').offset(q.offset).limit(q.limit).execute();
  const who = await people(ctx, rows.flatMap((r) => [r.author_user_id, ...(JSON.parse(r.mentioned_user_ids) as string[])]));
  return { comments: rows.map((r) => shapeThread(r, who)), pagination: { limit: q.limit, offset: q.offset, total: Number(n) } };
}

export async function getCommentThread(ctx: PlatformContext, siteId: string, threadId: string) {
  const row = await ctx.db.selectFrom('comment_threads').selectAll().where('site_id', '=', siteId).where('id', '=', threadId).executeTakeFirst();
  if (!row) return undefined;
  return shapeThread(row, await people(ctx, [row.author_user_id, ...(JSON.parse(row.mentioned_user_ids) as string[])]));
}

/** Replies of a thread, or undefined when the thread is not on this site. */
export async function listCommentReplies(ctx: PlatformContext, siteId: string, threadId: string, q: CommentQuery) {
  const thread = await ctx.db.selectFrom('comment_threads').selectAll().where('site_id', '=', siteId).where('id', '=', threadId).executeTakeFirst();
  if (!thread) return undefined;
  const base = ctx.db.selectFrom('comment_replies').where('thread_id', '=', threadId);
  const { n } = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy(SORT_COLUMN[q.sortBy ?? 'createdOn'], q.sortOrder ?? 'asc').orderBy('id').offset(q.offset).limit(q.limit).execute();
  const who = await people(ctx, rows.flatMap((r) => [r.author_user_id, ...(JSON.parse(r.mentioned_user_ids) as string[])]));
  const comments = rows.map((r) => ({
    id: r.id, commentId: thread.id, siteId: r.site_id, pageId: thread.page_id, localeId: thread.locale_id, breakpoint: thread.breakpoint,
    content: r.content, isResolved: r.is_resolved === 1, author: who.get(r.author_user_id) ?? unknownPerson(r.author_user_id),
    mentionedUsers: (JSON.parse(r.mentioned_user_ids) as string[]).map((id) => who.get(id) ?? unknownPerson(id)), createdOn: r.created_at, lastUpdated: r.last_updated,
  }));
  return { comments, pagination: { limit: q.limit, offset: q.offset, total: Number(n) } };
}
