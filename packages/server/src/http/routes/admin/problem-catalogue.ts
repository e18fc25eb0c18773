/**
 * Every error code of the admin API with its status and title (docs/admin-api.md, "Errors"). A test
 * walks this table against the one in the docs, both ways.
 */
export const ADMIN_PROBLEMS = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  bad_request: { status: 400, title: 'The request cannot be read' },
  invalid_admin_key: { status: 401, title: 'No valid admin API key' },
  insufficient_scope: { status: 403, title: 'The admin API key lacks the scope this needs' },
  forbidden: { status: 403, title: 'This is not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'This conflicts with the current state' },
  limit_reached: { status: 409, title: 'A limit is reached' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Send application/json' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used for a different request' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  service_unavailable: { status: 503, title: 'A dependency is unavailable; retry shortly' },
  internal_error: { status: 500, title: 'An internal error occurred' },
} as const satisfies Record<string, { status: number; title: string }>;

export type AdminProblemCode = keyof typeof ADMIN_PROBLEMS;
