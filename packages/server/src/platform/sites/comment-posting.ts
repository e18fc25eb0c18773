import { newId } from '../../crypto/ids.js';
import type { CommentReplyRow, CommentThreadRow } from '../../store/schema.js';
import { isoNow, type PlatformContext } from '../context.js';
import { notFound, validation } from '../errors.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { enqueueWebhookEvent } from '../webhooks/webhook-delivery.js';

export interface NewComment {
  siteId: string;
  author: { id: string; email: string; name: string };
  content: string;
  /** Reply to this thread; omit to start a thread. */
  threadId?: string | undefined;
  pageId?: string | undefined;
  url?: string | undefined;
}

export interface PostedComment {
  threadId: string;
  commentId: string;
  kind: 'thread' | 'reply';
  webhooksQueued: number;
}

/**
 * Posts a comment thread or a reply (the dashboard and `gatehouse comments add`; the Data API only reads
 * comments) and, in the same transaction, queues `comment_created` to the site's webhooks with the payload
 * Webflow sends (docs/webhooks.md).
 */
export async function postComment(ctx: PlatformContext, input: NewComment): Promise<PostedComment> {
  const content = input.content.trim();
  if (!content || content.length > 10_000) throw validation('content', 'A comment must be 1 to 10000 characters');
  const now = isoNow(ctx);
  const posted = await transactWithNotices(ctx, async (trx, notices) => {
    let thread: Pick<CommentThreadRow, 'id' | 'page_id' | 'locale_id' | 'item_id' | 'breakpoint' | 'url'>;
    let commentId: string;
    if (input.threadId) {
      const found = await trx.selectFrom('comment_threads').selectAll().where('id', '=', input.threadId).where('site_id', '=', input.siteId).executeTakeFirst();
      if (!found) throw notFound('Comment thread');
      thread = found;
      const reply: CommentReplyRow = {
        id: newId(),
        thread_id: found.id,
        site_id: input.siteId,
        content,
        is_resolved: 0,
        author_user_id: input.author.id,
        mentioned_user_ids: '[]',
        created_at: now,
        last_updated: now,
      };
      await trx.insertInto('comment_replies').values(reply).execute();
      commentId = reply.id;
    } else {
      const row: CommentThreadRow = {
        id: newId(),
        site_id: input.siteId,
        page_id: input.pageId ?? newId(),
        locale_id: null,
        item_id: null,
        breakpoint: 'main',
        url: input.url ?? '/',
        content,
        is_resolved: 0,
        author_user_id: input.author.id,
        mentioned_user_ids: '[]',
        created_at: now,
        last_updated: now,
      };
      await trx.insertInto('comment_threads').values(row).execute();
      thread = row;
      commentId = row.id;
    }
    const kind = input.threadId ? ('reply' as const) : ('thread' as const);
    const payload = {
      threadId: thread.id,
      commentId,
      type: kind,
      siteId: input.siteId,
      pageId: thread.page_id,
      ...(thread.locale_id ? { localeId: thread.locale_id } : {}),
      ...(thread.item_id ? { itemId: thread.item_id } : {}),
      breakpoint: thread.breakpoint,
      url: thread.url,
      content,
      isResolved: false,
      author: { userId: input.author.id, email: input.author.email, name: input.author.name },
      mentionedUsers: [],
      createdOn: now,
      lastUpdated: now,
    };
    const webhooksQueued = await enqueueWebhookEvent(ctx, trx, { siteId: input.siteId, triggerType: 'comment_created', payload });
    notices.sitesChanged([input.siteId]); // the cached comment lists of the site
    return { threadId: thread.id, commentId, kind, webhooksQueued };
  });
  if (posted.webhooksQueued > 0) ctx.events.emit('webhooks.due');
  return posted;
}
