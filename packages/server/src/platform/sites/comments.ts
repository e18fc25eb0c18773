import type { CommentReplyRow, CommentThreadRow } from '../../store/schema.js';
import { boundList, isOneOf } from '../../store/bound-list.js';
import { precompiled } from '../../store/precompiled-query.js';
import type { PlatformContext } from '../context.js';

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

// Every query here is precompiled (store/precompiled-query.ts): comment lists are among the Data API's hot reads.
const usersByIds = precompiled<'ids', { id: string; email: string; first_name: string; last_name: string }>((db, p, dialect) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where(isOneOf(dialect, 'id', p('ids'))),
);

async function people(ctx: PlatformContext, ids: string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await usersByIds(ctx.db, ctx.dialect, { ids: boundList(ctx.dialect, unique) });
  return new Map(rows.map((u) => [u.id, { id: u.id, email: u.email, name: `${u.first_name} ${u.last_name}`.trim() }]));
}

type Sort = `${keyof typeof SORT_COLUMN}:${'asc' | 'desc'}`;
const SORTS: Sort[] = ['createdOn:asc', 'createdOn:desc', 'lastUpdated:asc', 'lastUpdated:desc'];
const sortOf = (q: CommentQuery): Sort => `${q.sortBy ?? 'createdOn'}:${q.sortOrder ?? 'asc'}`;
const bySort = <T>(make: (column: (typeof SORT_COLUMN)[keyof typeof SORT_COLUMN], order: 'asc' | 'desc') => T) =>
  new Map(
    SORTS.map((sort) => {
      const [by, order] = sort.split(':') as [keyof typeof SORT_COLUMN, 'asc' | 'desc'];
      return [sort, make(SORT_COLUMN[by], order)] as const;
    }),
  );
// Offsets and limits are bound like any value; the query builder's types want numbers.
const bound = (marker: string) => marker as unknown as number;

const threadCount = precompiled<'siteId', { n: string | number }>((db, p) =>
  db
    .selectFrom('comment_threads')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('site_id', '=', p('siteId')),
);
const threadCountInLocale = precompiled<'siteId' | 'localeId', { n: string | number }>((db, p) =>
  db
    .selectFrom('comment_threads')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('site_id', '=', p('siteId'))
    .where('locale_id', '=', p('localeId')),
);
const threadPages = bySort((column, order) =>
  precompiled<'siteId' | 'offset' | 'limit', CommentThreadRow>((db, p) =>
    db
      .selectFrom('comment_threads')
      .selectAll()
      .where('site_id', '=', p('siteId'))
      .orderBy(column, order)
      .orderBy('id')
      .offset(bound(p('offset')))
      .limit(bound(p('limit'))),
  ),
);
const threadPagesInLocale = bySort((column, order) =>
  precompiled<'siteId' | 'localeId' | 'offset' | 'limit', CommentThreadRow>((db, p) =>
    db
      .selectFrom('comment_threads')
      .selectAll()
      .where('site_id', '=', p('siteId'))
      .where('locale_id', '=', p('localeId'))
      .orderBy(column, order)
      .orderBy('id')
      .offset(bound(p('offset')))
      .limit(bound(p('limit'))),
  ),
);
const threadById = precompiled<'siteId' | 'threadId', CommentThreadRow>((db, p) =>
  db.selectFrom('comment_threads').selectAll().where('site_id', '=', p('siteId')).where('id', '=', p('threadId')),
);
const replyCount = precompiled<'threadId', { n: string | number }>((db, p) =>
  db
    .selectFrom('comment_replies')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('thread_id', '=', p('threadId')),
);
const replyPages = bySort((column, order) =>
  precompiled<'threadId' | 'offset' | 'limit', CommentReplyRow>((db, p) =>
    db
      .selectFrom('comment_replies')
      .selectAll()
      .where('thread_id', '=', p('threadId'))
      .orderBy(column, order)
      .orderBy('id')
      .offset(bound(p('offset')))
      .limit(bound(p('limit'))),
  ),
);

const unknownPerson = (id: string): Person => ({ id, email: '', name: '' });

function shapeThread(t: CommentThreadRow, who: Map<string, Person>) {
  const mentioned = JSON.parse(t.mentioned_user_ids) as string[];
  return {
    id: t.id,
    siteId: t.site_id,
    pageId: t.page_id,
    localeId: t.locale_id,
    itemId: t.item_id,
    breakpoint: t.breakpoint,
    url: t.url,
    content: t.content,
    isResolved: t.is_resolved === 1,
    author: asThreadPerson(who.get(t.author_user_id) ?? unknownPerson(t.author_user_id)),
    mentionedUsers: mentioned.map((id) => asThreadPerson(who.get(id) ?? unknownPerson(id))),
    createdOn: t.created_at,
    lastUpdated: t.last_updated,
  };
}

export async function listCommentThreads(ctx: PlatformContext, siteId: string, q: CommentQuery) {
  const { db, dialect } = ctx;
  const page = { offset: q.offset, limit: q.limit };
  const [
    {
      rows: [count],
    },
    { rows },
  ] = q.localeId
    ? await Promise.all([
        threadCountInLocale(db, dialect, { siteId, localeId: q.localeId }),
        threadPagesInLocale.get(sortOf(q))!(db, dialect, { siteId, localeId: q.localeId, ...page }),
      ])
    : await Promise.all([threadCount(db, dialect, { siteId }), threadPages.get(sortOf(q))!(db, dialect, { siteId, ...page })]);
  const who = await people(
    ctx,
    rows.flatMap((r) => [r.author_user_id, ...(JSON.parse(r.mentioned_user_ids) as string[])]),
  );
  return { comments: rows.map((r) => shapeThread(r, who)), pagination: { limit: q.limit, offset: q.offset, total: Number(count!.n) } };
}

export async function getCommentThread(ctx: PlatformContext, siteId: string, threadId: string) {
  const row = (await threadById(ctx.db, ctx.dialect, { siteId, threadId })).rows[0];
  if (!row) return undefined;
  return shapeThread(row, await people(ctx, [row.author_user_id, ...(JSON.parse(row.mentioned_user_ids) as string[])]));
}

/** Replies of a thread, or undefined when the thread is not on this site. */
export async function listCommentReplies(ctx: PlatformContext, siteId: string, threadId: string, q: CommentQuery) {
  const thread = (await threadById(ctx.db, ctx.dialect, { siteId, threadId })).rows[0];
  if (!thread) return undefined;
  const [
    {
      rows: [count],
    },
    { rows },
  ] = await Promise.all([
    replyCount(ctx.db, ctx.dialect, { threadId }),
    replyPages.get(sortOf(q))!(ctx.db, ctx.dialect, { threadId, offset: q.offset, limit: q.limit }),
  ]);
  const who = await people(
    ctx,
    rows.flatMap((r) => [r.author_user_id, ...(JSON.parse(r.mentioned_user_ids) as string[])]),
  );
  const comments = rows.map((r) => ({
    id: r.id,
    commentId: thread.id,
    siteId: r.site_id,
    pageId: thread.page_id,
    localeId: thread.locale_id,
    breakpoint: thread.breakpoint,
    content: r.content,
    isResolved: r.is_resolved === 1,
    author: who.get(r.author_user_id) ?? unknownPerson(r.author_user_id),
    mentionedUsers: (JSON.parse(r.mentioned_user_ids) as string[]).map((id) => who.get(id) ?? unknownPerson(id)),
    createdOn: r.created_at,
    lastUpdated: r.last_updated,
  }));
  return { comments, pagination: { limit: q.limit, offset: q.offset, total: Number(count!.n) } };
}
