import { Type, type Static } from '@sinclair/typebox';
import type { Runtime } from '../../../../../runtime.js';
import { reachableSite } from '../../../../../platform/data-api/site-access.js';
import { getCommentThread, listCommentReplies, listCommentThreads } from '../../../../../platform/sites/comments.js';
import type { DataApi } from '../index.js';
import { notFound, validationError } from '../api-error.js';
import { sendCachedList } from '../cached-list.js';
import { withReachableSite } from '../cached-bodies.js';
import { CommentReply, CommentThread, ObjectId, PageQuery, Pagination, errorResponses } from '../schemas.js';

const Query = Type.Object({
  localeId: Type.Optional(Type.String({ maxLength: 64 })),
  ...PageQuery,
  sortBy: Type.Optional(Type.Union([Type.Literal('createdOn'), Type.Literal('lastUpdated')])),
  sortOrder: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});
const SiteParams = Type.Object({ site_id: ObjectId });
const ThreadParams = Type.Object({ site_id: ObjectId, comment_thread_id: ObjectId });
const scopes = { dataApi: { scopes: ['comments:read'] } };

/** docs/webflow-wire.md, "Comments": `sortBy` is allowed only together with `sortOrder`. */
function pageOf(q: Static<typeof Query>) {
  if ((q.sortBy === undefined) !== (q.sortOrder === undefined)) {
    throw validationError([{ field: q.sortBy ? 'sortOrder' : 'sortBy', message: 'sortBy and sortOrder must be given together' }]);
  }
  return { localeId: q.localeId, offset: q.offset ?? 0, limit: q.limit ?? 100, sortBy: q.sortBy, sortOrder: q.sortOrder };
}

/** docs/webflow-wire.md, "Comments": Comments (read only). */
export const commentRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;
  const requireSite = async (principal: Parameters<typeof reachableSite>[1], siteId: string) => {
    if (!(await reachableSite(ctx, principal, siteId))) throw notFound('site');
  };

  app.get(
    '/sites/:site_id/comments',
    {
      config: scopes,
      schema: {
        summary: 'List Comment Threads',
        tags: ['Comments'],
        params: SiteParams,
        querystring: Query,
        response: { 200: Type.Object({ comments: Type.Array(CommentThread), pagination: Pagination }), ...errorResponses },
      },
    },
    (req, reply) => {
      const page = pageOf(req.query);
      const siteId = req.params.site_id;
      const key = `comments:${siteId}:${page.localeId ?? ''}:${page.offset}:${page.limit}:${page.sortBy ?? ''}:${page.sortOrder ?? ''}`;
      return withReachableSite(ctx, req.principal!, siteId, () =>
        sendCachedList(ctx, reply, key, [`site:${siteId}`], () => listCommentThreads(ctx, siteId, page)),
      );
    },
  );

  app.get(
    '/sites/:site_id/comments/:comment_thread_id',
    {
      config: scopes,
      schema: {
        summary: 'Get Comment Thread',
        tags: ['Comments'],
        params: ThreadParams,
        querystring: Query,
        response: { 200: CommentThread, ...errorResponses },
      },
    },
    async (req) => {
      pageOf(req.query);
      await requireSite(req.principal!, req.params.site_id);
      const thread = await getCommentThread(ctx, req.params.site_id, req.params.comment_thread_id);
      if (!thread) throw notFound('comment thread');
      return thread;
    },
  );

  app.get(
    '/sites/:site_id/comments/:comment_thread_id/replies',
    {
      config: scopes,
      schema: {
        summary: 'List Comment Replies',
        tags: ['Comments'],
        params: ThreadParams,
        querystring: Query,
        response: { 200: Type.Object({ comments: Type.Array(CommentReply), pagination: Pagination }), ...errorResponses },
      },
    },
    async (req) => {
      const page = pageOf(req.query);
      await requireSite(req.principal!, req.params.site_id);
      const replies = await listCommentReplies(ctx, req.params.site_id, req.params.comment_thread_id, page);
      if (!replies) throw notFound('comment thread');
      return replies;
    },
  );
};
