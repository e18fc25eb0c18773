import type { FastifyReply, FastifyRequest } from 'fastify';
import { digest } from '../../../../crypto/tokens.js';
import type { Runtime } from '../../../../runtime.js';
import { MemoryRateLimitStore, RATE_WINDOW_MS, type RateDecision } from '../../../../platform/caches/rate-limit.js';
import { isPrincipalExpired, type Principal } from '../../../../platform/tokens/token-lookup.js';
import { principalFor } from '../../../../platform/tokens/token-resolver.js';
import { isForDataApi } from '../../../../platform/data-api/token-audience.js';
import { ApiError, tooManyRequests } from './api-error.js';
import { scopeRefusal, tokenKindRefusal, type DataApiRouteConfig } from './route-scopes.js';

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

/** One request on its way through the steps. */
export interface Admission {
  readonly runtime: Runtime;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  /** The route's declaration; undefined for a path no route serves (authenticated and counted, then 404). */
  readonly declared: DataApiRouteConfig | undefined;
  /** The request's time, epoch ms. */
  readonly nowMs: number;
  token?: string;
  tokenSent: boolean;
  principal?: Principal | undefined;
  /** The first refusal a step found; answered once the request is counted (every answer carries the limit headers). */
  refusal?: ApiError | undefined;
}

/** A named check, in the manner of oidc-provider's check tables: it may refuse, and may wait (a cache miss, a shared counter). */
export interface AdmissionStep {
  readonly name: string;
  run(a: Admission): void | Promise<void>;
}

const refuse = (a: Admission, err: ApiError) => {
  a.refusal ??= err;
  a.principal = undefined;
};

/**
 * docs/design.md, "Admission": every /v2 request, whatever its route, goes through these steps in this
 * order, derived from the route's declaration (`config.dataApi`: scopes, token kinds). The resource
 * boundary is the route's own step: it needs the resource, which the handler reads (platform/data-api/site-access.ts).
 */
export const ADMISSION_STEPS: readonly AdmissionStep[] = [
  {
    name: 'bearer',
    run(a) {
      refuseTokenOutsideHeader(a.req.query);
      const header = a.req.headers.authorization;
      const match = typeof header === 'string' ? BEARER.exec(header) : null;
      if (match) {
        a.tokenSent = true;
        a.token = match[1]!;
        return;
      }
      // No usable token: whether one was sent at all decides the challenge's `error="invalid_token"`.
      a.tokenSent = typeof header === 'string' && /^bearer\b/i.test(header.trim());
      refuse(a, unauthorized(a.tokenSent));
    },
  },
  {
    name: 'principal',
    run(a) {
      if (a.token === undefined) return;
      const key = digest(a.token);
      const cached = a.runtime.ctx.caches.tokens.get(key);
      if (cached) a.principal = cached;
      else return principalFor(a.runtime.ctx, key).then((p) => (p ? void (a.principal = p) : refuse(a, unauthorized(true))));
    },
  },
  {
    name: 'expiry',
    run(a) {
      if (a.principal && isPrincipalExpired(a.principal, a.nowMs)) refuse(a, unauthorized(true));
    },
  },
  {
    // docs/oauth.md, "Resources and audiences": a token bound to another protected resource is not for /v2.
    name: 'audience',
    run(a) {
      if (a.principal && !isForDataApi(a.principal, a.runtime.config)) refuse(a, unauthorized(true));
    },
  },
  {
    name: 'kind',
    run(a) {
      if (a.principal && !a.refusal) a.refusal = tokenKindRefusal(a.principal, a.declared?.tokenKinds);
    },
  },
  {
    name: 'scopes',
    run(a) {
      const required = a.declared?.scopes;
      if (!a.principal || a.refusal || !required || required === 'trigger-type') return;
      a.refusal = scopeRefusal(a.principal, required);
    },
  },
  {
    // docs/dashboard.md, "Usage": counted in memory per token, app and workspace; the answer's status is added when it is sent.
    name: 'usage',
    run(a) {
      if (a.principal) a.req.usage = a.runtime.dataApi.usage.count(a.principal, a.nowMs);
    },
  },
  {
    name: 'rate count',
    run(a) {
      const { rateLimits } = a.runtime.dataApi;
      const key = a.principal ? a.principal.rateKey : `ip:${a.req.ip}`;
      const limit = a.principal ? a.principal.rateLimit : ANONYMOUS_LIMIT_PER_MINUTE;
      if (rateLimits instanceof MemoryRateLimitStore) return counted(a, rateLimits.hitSync(key, limit, a.nowMs));
      return rateLimits.hit(key, limit, a.nowMs).then((decision) => counted(a, decision));
    },
  },
  {
    name: 'last-used',
    run(a) {
      if (a.principal) a.runtime.dataApi.lastUsed.touch(a.principal, a.nowMs);
    },
  },
];

/** Sets the rate-limit headers (docs/webflow-wire.md, "Rate limits"); a used-up window is refused before anything else. */
function counted(a: Admission, decision: RateDecision): void {
  a.reply.header('x-ratelimit-limit', String(decision.limit));
  a.reply.header('x-ratelimit-remaining', String(decision.remaining));
  a.reply.header('retry-after', retryAfterOf(decision));
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
}

/**
 * Runs the steps in order and settles with the principal, or with the refusal. A step that can answer
 * from memory returns nothing and the next runs at once, so a request whose token and counter are in
 * memory is admitted without a promise.
 */
export function admit(runtime: Runtime, req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
  const a: Admission = { runtime, req, reply, declared: req.routeOptions.config.dataApi, nowMs: runtime.nowMs(), tokenSent: false };
  runStepsFrom(a, 0, done);
}

function runStepsFrom(a: Admission, index: number, done: (err?: Error) => void): void {
  try {
    for (let i = index; i < ADMISSION_STEPS.length; i++) {
      const waiting = ADMISSION_STEPS[i]!.run(a);
      if (waiting) {
        waiting.then(() => runStepsFrom(a, i + 1, done), done);
        return;
      }
    }
  } catch (err) {
    return done(err as Error);
  }
  if (a.refusal) return done(a.refusal);
  a.req.principal = a.principal!;
  done();
}
