import { newId } from '../../src/crypto/ids.js';
import { isoNow, type PlatformContext } from '../../src/platform/context.js';
import type { CommentReplyRow, CommentThreadRow } from '../../src/store/schema.js';

/** Adds a comment thread: the Data API only reads comments, so tests write them directly. */
export async function addCommentThread(
  ctx: PlatformContext,
  input: { siteId: string; authorUserId: string; content: string; pageId?: string; url?: string; localeId?: string | null; mentionedUserIds?: string[] },
): Promise<CommentThreadRow> {
  const now = isoNow(ctx);
  const row: CommentThreadRow = {
    id: newId(),
    site_id: input.siteId,
    page_id: input.pageId ?? newId(),
    locale_id: input.localeId ?? null,
    item_id: null,
    breakpoint: 'main',
    url: input.url ?? '/',
    content: input.content,
    is_resolved: 0,
    author_user_id: input.authorUserId,
    mentioned_user_ids: JSON.stringify(input.mentionedUserIds ?? []),
    created_at: now,
    last_updated: now,
  };
  await ctx.db.insertInto('comment_threads').values(row).execute();
  return row;
}

export async function addCommentReply(
  ctx: PlatformContext,
  thread: { id: string; site_id: string },
  input: { authorUserId: string; content: string },
): Promise<CommentReplyRow> {
  const now = isoNow(ctx);
  const row: CommentReplyRow = {
    id: newId(),
    thread_id: thread.id,
    site_id: thread.site_id,
    content: input.content,
    is_resolved: 0,
    author_user_id: input.authorUserId,
    mentioned_user_ids: '[]',
    created_at: now,
    last_updated: now,
  };
  await ctx.db.insertInto('comment_replies').values(row).execute();
  return row;
}
