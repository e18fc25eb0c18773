import type { PageParams, Pagination } from './pagination.js';

/**
 * A person named on a comment. Threads use `userId`; replies `id` (docs/webflow-wire.md, "Comments"), so both may appear.
 *
 * @example
 * const who = (thread.author as CommentPerson).email;
 */
export interface CommentPerson {
  userId?: string;
  id?: string;
  email: string;
  name: string;
}

/**
 * A comment thread (docs/webflow-wire.md, "Comments").
 *
 * @example
 * const thread: CommentThread = await client.comments.getThread(siteId, threadId);
 */
export interface CommentThread {
  id: string;
  siteId: string;
  pageId: string;
  localeId?: string | null;
  itemId?: string | null;
  breakpoint: string;
  url: string;
  content: string;
  isResolved: boolean;
  author: CommentPerson;
  mentionedUsers: CommentPerson[];
  createdOn: string;
  lastUpdated: string;
}

/**
 * A reply in a comment thread (docs/webflow-wire.md, "Comments").
 *
 * @example
 * const { comments } = await client.comments.listReplies(siteId, threadId);
 * comments.forEach((reply: CommentReply) => console.log(reply.content));
 */
export interface CommentReply {
  id: string;
  commentId: string;
  siteId: string;
  pageId: string;
  localeId?: string | null;
  breakpoint: string;
  content: string;
  isResolved: boolean;
  author: CommentPerson;
  mentionedUsers?: CommentPerson[];
  createdOn?: string;
  lastUpdated?: string;
}

/**
 * A page of threads or replies.
 *
 * @example
 * const page: CommentList<CommentThread> = await client.comments.listThreads(siteId);
 */
export interface CommentList<T> {
  comments: T[];
  pagination: Pagination;
}

/**
 * Query of the comment list calls; `sortBy` requires `sortOrder`.
 *
 * @example
 * await client.comments.listThreads(siteId, { sortBy: 'createdOn', sortOrder: 'desc', limit: 20 });
 */
export interface CommentListParams extends PageParams {
  localeId?: string;
  sortBy?: 'createdOn' | 'lastUpdated';
  sortOrder?: 'asc' | 'desc';
}
