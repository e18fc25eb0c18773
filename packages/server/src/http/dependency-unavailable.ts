import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';

/**
 * What every surface tells a client when a dependency (the database) cannot answer: 503 with
 * `Retry-After` (RFC 9110 §15.6.4, §10.2.3), in that surface's own error format (docs/errors.md). It is
 * not the request's fault and not a bug, so it is neither a 4xx nor a 500.
 */
export const RETRY_AFTER_SECONDS = 2;

export const isDependencyUnavailable = (err: unknown): boolean => isDatabaseUnavailable(err);

/** Sets the status and `Retry-After`; the caller sends its surface's body. */
export function markUnavailable(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
}
