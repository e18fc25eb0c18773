import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { digest } from '../../../../crypto/tokens.js';
import { MemoryRateLimitStore } from '../../../../platform/rate-limit.js';
import { siteCacheOf } from '../../../../platform/site-cache.js';
import type { Site } from '../../../../platform/sites.js';
import { isPrincipalExpired, reachesSite } from '../../../../platform/token-lookup.js';
import type { Runtime } from '../../../../runtime.js';
import { requestId } from '../../../request-id.js';
import { BEARER } from './bearer-auth.js';
import { GET_SITE_SCOPES } from './routes/sites.js';
import { Site as SiteSchema } from './schemas.js';

/** Answers the request and returns true, or returns false having touched nothing. */
export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

const GET_SITE_URL = /^\/v2\/sites\/([0-9a-f]{24})$/;

/**
 * SPEC §5 measures `GET /v2/sites/{id}` against a bare node:http server, and Fastify's per-request
 * request/reply objects and hook chain cost more than the read itself. When everything the read needs is
 * already in this node's memory — a cached, unexpired token holding the route's scopes, a fresh cached
 * site the token reaches, an in-memory rate-limit window with room left — it is answered here, with the
 * status, headers and bytes the Fastify route sends (the same schema serialises the body).
 *
 * Anything else goes to Fastify before anything is counted or noted, and Fastify then does all the work:
 * a token's first use, any cache miss, every error and 429, Redis-shared limits, a request with a body or
 * a query string, request logging behind a trusted proxy, and every request once the server is closing.
 * ADR 0004.
 */
export function getSiteFastLane(runtime: Runtime, log: FastifyBaseLogger, isClosing: () => boolean): FastLane {
  const { tokenCache, lastUsed, rateLimits } = runtime.dataApi;
  const limits = rateLimits instanceof MemoryRateLimitStore ? rateLimits : undefined;
  const sites = siteCacheOf(runtime.ctx);
  const now = runtime.ctx.now;
  const serialize = fastJsonStringify(SiteSchema);
  // Fastify's logger is pino, whose level may change at run time; with `logger: false` nothing is written.
  const levels = log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  const infoEnabled = () => levels.isLevelEnabled?.('info') ?? false;
  // Behind a trusted proxy the logged client address comes from X-Forwarded-For, which Fastify resolves.
  const logsNeedFastify = () => runtime.config.trustProxy && infoEnabled();
  // Keyed by the cached site object itself: a changed or expired site is a new object, so no stale body.
  // A string, not a Buffer: node then sends the head and the body in one write instead of a writev.
  const bodies = new WeakMap<Site, { json: string; length: string }>();

  return (req, res) => {
    const started = performance.now();
    if (!limits || req.method !== 'GET' || isClosing() || logsNeedFastify()) return false;
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
    const decision = limits.hitIfAllowedSync(`token:${principal.tokenId}`, principal.rateLimit, at.getTime());
    if (!decision) return false;

    lastUsed.touch(principal, at);
    let body = bodies.get(site);
    if (!body) {
      const json = serialize(site);
      body = { json, length: String(Buffer.byteLength(json)) };
      bodies.set(site, body);
    }
    const id = requestId(req);
    res.writeHead(200, [
      'x-request-id', id,
      'x-ratelimit-limit', String(decision.limit),
      'x-ratelimit-remaining', String(decision.remaining),
      'content-type', 'application/json; charset=utf-8',
      'content-length', body.length,
    ]);
    res.end(body.json);
    if (infoEnabled()) logLikeFastify(log, req, id, started);
    return true;
  };
}

/** The two lines Fastify writes for every request at level info, with the same bindings and serialisers. */
function logLikeFastify(log: FastifyBaseLogger, req: IncomingMessage, reqId: string, started: number): void {
  const child = log.child({ reqId });
  child.info({ req: { method: req.method, url: req.url, host: req.headers.host, ip: req.socket.remoteAddress } }, 'incoming request');
  child.info({ res: { statusCode: 200 }, responseTime: performance.now() - started }, 'request completed');
}
