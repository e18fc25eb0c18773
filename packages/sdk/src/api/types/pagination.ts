/**
 * Offset pagination of list answers (docs/webflow-wire.md, "Pagination").
 *
 * @example
 * const { pagination } = await client.comments.listThreads(siteId, { limit: 10 });
 * const more = pagination.offset + pagination.limit < pagination.total;
 */
export interface Pagination {
  limit: number;
  offset: number;
  total: number;
}

/**
 * `offset` and `limit` (at most 100) of a paginated list call.
 *
 * @example
 * const page: PageParams = { offset: 20, limit: 10 };
 */
export interface PageParams {
  offset?: number;
  limit?: number;
}
