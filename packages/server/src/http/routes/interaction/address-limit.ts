import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../../runtime.js';
import { oauthErrorPage } from '../../../views/oauth-error.js';
import { sendPage } from '../../security-headers.js';

/**
 * docs/oauth.md, "Limits": requests per minute per client address over `/oauth/authorize`, the
 * resume page and the decision, together. Anyone may send them, and each authorize request parks a
 * row, so the count comes before any database work. Counted in the Data API's store (Redis when set),
 * so the limit holds across nodes.
 */
export const INTERACTION_LIMIT_PER_MINUTE = 120;

/** An `onRequest` hook: a 429 page with Retry-After once an address has used its minute. */
export function limitPerAddress(runtime: Runtime) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const decision = await runtime.dataApi.rateLimits.hit(`interaction:${req.ip}`, INTERACTION_LIMIT_PER_MINUTE, runtime.ctx.now().getTime());
    if (decision.allowed) return;
    reply.header('retry-after', String(decision.retryAfterSeconds));
    const page = oauthErrorPage(
      'Too many requests',
      'temporarily_unavailable',
      `Too many authorization requests came from your network. Try again in ${decision.retryAfterSeconds} seconds.`,
      runtime.config.catalogue,
    );
    return sendPage(reply, page, 429);
  };
}
