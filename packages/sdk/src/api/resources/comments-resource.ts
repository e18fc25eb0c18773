import type { ResolvedOptions } from '../../options.js';
import { dataApiRequest, v2Path, type QueryValues } from '../data-api-request.js';
import type { CommentList, CommentListParams, CommentReply, CommentThread } from '../types/comment.js';

/**
 * Comment threads and replies (docs/webflow-wire.md, "Comments"); all need `comments:read`.
 *
 * @example
 * const { comments } = await client.comments.listThreads(siteId);
 */
export class CommentsResource {
  constructor(private readonly options: ResolvedOptions) {}

  /**
   * `GET /v2/sites/{siteId}/comments`.
   *
   * @example
   * const { comments, pagination } = await client.comments.listThreads(siteId, { limit: 10 });
   */
  listThreads(siteId: string, params: CommentListParams = {}): Promise<CommentList<CommentThread>> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}/comments`, { query: { ...params } as QueryValues });
  }

  /**
   * `GET /v2/sites/{siteId}/comments/{threadId}`.
   *
   * @example
   * const thread = await client.comments.getThread(siteId, threadId);
   */
  getThread(siteId: string, threadId: string, params: Pick<CommentListParams, 'localeId'> = {}): Promise<CommentThread> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}/comments/${threadId}`, { query: { ...params } });
  }

  /**
   * `GET /v2/sites/{siteId}/comments/{threadId}/replies`.
   *
   * @example
   * const { comments: replies } = await client.comments.listReplies(siteId, threadId);
   */
  listReplies(siteId: string, threadId: string, params: CommentListParams = {}): Promise<CommentList<CommentReply>> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}/comments/${threadId}/replies`, {
      query: { ...params } as QueryValues,
    });
  }
}
