import type { FastifyReply, FastifyRequest } from 'fastify';
import { digest } from '../../../../crypto/tokens.js';
import type { Runtime } from '../../../../runtime.js';
import { RATE_WINDOW_MS, type RateDecision } from '../../../../platform/rate-limit.js';
import { isPrincipalExpired, lookupPrincipal, type Principal } from '../../../../platform/token-lookup.js';
import { ApiError, tooManyRequests } from './api-error.js';

/** Requests that carry no usable token are counted per client address, so guessing tokens is throttled too. */
export const ANONYMOUS_LIMIT_PER_MINUTE = 600;

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
export const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const unauthorized = (tokenSent: boolean) => new ApiError('not_authorized', undefined, [], {}, tokenSent ? { error: 'invalid_token' } : {});

/** RFC 6750 §2.2/§2.3 are not supported: a token in the query string or form body is refused, not read. */
export function refuseTokenOutsideHeader(carrier: unknown): void {
  if (carrier && typeof carrier === 'object' && Object.hasOwn(carrier, 'access_token')) {
    const message = 'Bad Request: send the access token in the Authorization header (Bearer), never in the URL or body';
    throw new ApiError('bad_request', message, [], {}, { error: 'invalid_request' });
  }
}

/**
 * docs/rate-limits.md: `Retry-After` goes with the rate-limit headers on every answer, as on Webflow. Within
 * the limit it says the window's length (what Webflow sends); a 429 says the seconds until the window resets.
 */
export const retryAfterOf = (decision: RateDecision): string => (decision.allowed ? RETRY_AFTER_WITHIN_LIMIT : String(decision.retryAfterSeconds));
const RETRY_AFTER_WITHIN_LIMIT = String(RATE_WINDOW_MS / 1000);

/** Sets the rate-limit headers and throws 429 when the window is used up (docs/webflow-wire.md, "Rate limits"). */
async function countRequest(runtime: Runtime, reply: FastifyReply, key: string, limit: number): Promise<void> {
  const decision = await runtime.dataApi.rateLimits.hit(key, limit, runtime.ctx.now().getTime());
  reply.header('x-ratelimit-limit', String(decision.limit));
  reply.header('x-ratelimit-remaining', String(decision.remaining));
  reply.header('retry-after', retryAfterOf(decision));
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
}

/** Resolves the bearer token to a principal (cache first), counts the request, and notes the use. */
export async function authenticate(runtime: Runtime, req: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  refuseTokenOutsideHeader(req.query);
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  const tokenSent = typeof header === 'string' && /^bearer\b/i.test(header.trim());
  if (!match) {
    await countRequest(runtime, reply, `ip:${req.ip}`, ANONYMOUS_LIMIT_PER_MINUTE);
    throw unauthorized(tokenSent);
  }
  const { tokenCache, lastUsed } = runtime.dataApi;
  const key = digest(match[1]!);
  let principal = tokenCache.get(key);
  if (!principal) {
    const generation = tokenCache.generation;
    principal = await lookupPrincipal(runtime.ctx, key);
    if (principal) tokenCache.set(key, principal, generation);
  }
  const now = runtime.ctx.now();
  if (!principal || isPrincipalExpired(principal, now)) {
    await countRequest(runtime, reply, `ip:${req.ip}`, ANONYMOUS_LIMIT_PER_MINUTE);
    throw unauthorized(true);
  }
  await countRequest(runtime, reply, `token:${principal.tokenId}`, principal.rateLimit);
  lastUsed.touch(principal, now);
  return principal;
}
