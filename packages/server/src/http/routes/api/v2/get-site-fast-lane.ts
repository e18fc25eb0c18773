import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { digest } from '../../../../crypto/tokens.js';
import { MemoryRateLimitStore, type RateDecision } from '../../../../platform/rate-limit.js';
import { siteCacheOf } from '../../../../platform/site-cache.js';
import type { Site } from '../../../../platform/sites.js';
import { isPrincipalExpired, reachesSite, type Principal } from '../../../../platform/token-lookup.js';
import type { Runtime } from '../../../../runtime.js';
import { requestId } from '../../../request-id.js';
import { apiErrorBody, tooManyRequests } from './api-error.js';
import { BEARER, retryAfterOf } from './bearer-auth.js';
import { GET_SITE_SCOPES } from './routes/sites.js';
import { Site as SiteSchema } from './schemas.js';

/**
 * Answers the request (now, or once a Redis-shared limit has answered) and returns true, or returns false
 * having touched nothing, for Fastify to answer.
 */
export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

const GET_SITE_URL = /^\/v2\/sites\/([0-9a-f]{24})$/;
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * docs/design.md, "Quality bars" measures `GET /v2/sites/{id}` against a bare node:http server, and Fastify's per-request
 * request/reply objects and hook chain cost more than the read itself. When everything the read needs is
 * already in this node's memory — a cached, unexpired token holding the route's scopes, a fresh cached
 * site the token reaches — it is answered here, with the status, headers and bytes the Fastify route
 * sends (the same schema serialises the body; the same error renders a 429).
 *
 * Anything else goes to Fastify before anything is counted or noted, and Fastify then does all the work:
 * a token's first use, any cache miss, every other error, a request with a body or a query string,
 * request logging behind a trusted proxy, and every request once the server is closing. With in-memory
 * limits a request over its limit goes to Fastify too (`hitIfAllowedSync` counts only what it allows);
 * with Redis-shared limits the count is asynchronous and already made, so the lane answers the 429 itself.
 * ADR 0004.
 *
 * `handOver` gives a request to Fastify after the lane took it (a rate-limit store that failed).
 */
export function getSiteFastLane(
  runtime: Runtime,
  log: FastifyBaseLogger,
  isClosing: () => boolean,
  handOver: (req: IncomingMessage, res: ServerResponse) => void,
): FastLane {
  const { tokenCache, lastUsed, rateLimits } = runtime.dataApi;
  const memoryLimits = rateLimits instanceof MemoryRateLimitStore ? rateLimits : undefined;
  const sites = siteCacheOf(runtime.ctx);
  const now = runtime.ctx.now;
  const serialize = fastJsonStringify(SiteSchema);
  // Fastify's logger is pino, whose level may change at run time; with `logger: false` nothing is written.
  const levels = log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  const infoEnabled = () => levels.isLevelEnabled?.('info') ?? false;
  // Behind a trusted proxy the logged client address comes from X-Forwarded-For, which Fastify resolves.
  const logsNeedFastify = () => runtime.config.trustProxy !== false && infoEnabled();
  // Keyed by the cached site object itself: a changed or expired site is a new object, so no stale body.
  const bodies = new WeakMap<Site, { json: string; length: string }>();
  const bodyOf = (site: Site) => {
    let body = bodies.get(site);
    if (!body) {
      const json = serialize(site);
      body = { json, length: String(Buffer.byteLength(json)) };
      bodies.set(site, body);
    }
    return body;
  };

  function answer(req: IncomingMessage, res: ServerResponse, principal: Principal, site: Site, decision: RateDecision, at: Date, started: number): void {
    const id = requestId(req);
    const limit = String(decision.limit);
    const remaining = String(decision.remaining);
    let status = 200;
    if (decision.allowed) {
      lastUsed.touch(principal, at);
      const body = bodyOf(site);
      res.writeHead(200, ['x-request-id', id, 'x-ratelimit-limit', limit, 'x-ratelimit-remaining', remaining, 'retry-after', retryAfterOf(decision), 'content-type', JSON_TYPE, 'content-length', body.length]);
      res.end(body.json);
    } else {
      const refusal = tooManyRequests(decision.retryAfterSeconds);
      const json = JSON.stringify(apiErrorBody(refusal));
      // The refusal's own headers carry Retry-After, as the route's do.
      const head = ['x-request-id', id, 'x-ratelimit-limit', limit, 'x-ratelimit-remaining', remaining];
      for (const [name, value] of Object.entries(refusal.headers)) head.push(name, value);
      head.push('content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(json)));
      status = refusal.statusCode;
      res.writeHead(status, head);
      res.end(json);
    }
    if (infoEnabled()) logLikeFastify(log, req, id, status, started);
  }

  return (req, res) => {
    const started = performance.now();
    if (req.method !== 'GET' || isClosing() || logsNeedFastify()) return false;
    const url = req.url;
    const match = url === undefined ? null : GET_SITE_URL.exec(url);
    if (!match) return false;
    const headers = req.headers;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
    const authorization = headers.authorization;
    const bearer = authorization === undefined ? null : BEARER.exec(authorization);
    if (!bearer) return false;

    const principal = tokenCache.get(digest(bearer[1]!));
    const at = now();
    if (!principal || isPrincipalExpired(principal, at)) return false;
    for (const scope of GET_SITE_SCOPES) if (!principal.scopes.has(scope)) return false;
    const site = sites.peek(match[1]!, at.getTime());
    if (!site || !reachesSite(principal, site)) return false;

    const key = `token:${principal.tokenId}`;
    if (memoryLimits) {
      const decision = memoryLimits.hitIfAllowedSync(key, principal.rateLimit, at.getTime());
      if (!decision) return false;
      answer(req, res, principal, site, decision, at, started);
      return true;
    }
    rateLimits.hit(key, principal.rateLimit, at.getTime()).then(
      (decision) => answer(req, res, principal, site, decision, at, started),
      () => handOver(req, res),
    );
    return true;
  };
}

/** The two lines Fastify writes for every request at level info, with the same bindings and serialisers. */
function logLikeFastify(log: FastifyBaseLogger, req: IncomingMessage, reqId: string, statusCode: number, started: number): void {
  const child = log.child({ reqId });
  child.info({ req: { method: req.method, url: req.url, host: req.headers.host, ip: req.socket.remoteAddress } }, 'incoming request');
  child.info({ res: { statusCode }, responseTime: performance.now() - started }, 'request completed');
}
