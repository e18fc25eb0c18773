// Express adapter of the resource-server middleware. It uses structural types only, so it
// neither imports nor depends on express at runtime (it also works with bare node:http handlers).
import type { ActiveTokenIntrospection } from '../oauth/introspect.js';
import type { BearerRefusal } from './bearer-challenge.js';
import type { AnyScope } from '../oauth/scope-names.js';
import { BearerGuard } from './bearer-guard.js';
import { metadataAnswer } from './protected-resource-metadata.js';
import type { ResourceServerOptions } from './resource-server-options.js';

/**
 * The parts of an Express (or node:http) request the middleware reads and writes.
 *
 * @example
 * const req: ExpressLikeRequest = { headers: { authorization: 'Bearer abc' } };
 */
export interface ExpressLikeRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  /** The path and query, as node:http gives it (`originalUrl` is read first when Express sets it). */
  url?: string;
  originalUrl?: string;
  /** Set by `requireScopes` once the token passed: the RFC 7662 answer about it. */
  gatehouse?: ActiveTokenIntrospection;
}

/**
 * The parts of an Express (or node:http) response the middleware uses to refuse a request.
 *
 * @example
 * const res: ExpressLikeResponse = expressResponse; // or a node:http ServerResponse
 */
export interface ExpressLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * An Express middleware function.
 *
 * @example
 * const handler: ExpressMiddleware = resourceServer.requireScopes('orders:read');
 */
export type ExpressMiddleware = (req: ExpressLikeRequest, res: ExpressLikeResponse, next: (error?: unknown) => void) => void;

function send(res: ExpressLikeResponse, refusal: BearerRefusal): void {
  res.statusCode = refusal.status;
  for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(refusal.body));
}

/**
 * Express resource-server middleware: `requireScopes(...)` lets a request through only with an
 * active bearer token holding every listed scope, and puts the introspection on `req.gatehouse`.
 * Refusals follow RFC 6750 §3 (401 `invalid_token`, 403 `insufficient_scope`, 400 `invalid_request`).
 * Introspection answers are cached for `cacheTtlMs` (default 30 s): the revocation delay accepted.
 *
 * With `resource` (this server's URL, RFC 9728) `app.use(auth.metadata)` serves the protected resource
 * metadata document and every refusal names it, which is all an MCP client needs to find Gatehouse.
 *
 * @example
 * import { gatehouseExpress, tokenOf } from '@gatehouse/sdk/express';
 * const auth = gatehouseExpress({ clientId, clientSecret, baseUrl: 'http://127.0.0.1:8080', resource: 'http://127.0.0.1:3001/mcp' });
 * app.use(auth.metadata);
 * app.get('/orders', auth.requireScopes('sites:read'), (req, res) => res.json({ user: tokenOf(req).sub }));
 */
export function gatehouseExpress<S extends string = AnyScope>(
  options: ResourceServerOptions,
): {
  requireScopes: (...scopes: S[]) => ExpressMiddleware;
  metadata: ExpressMiddleware;
  guard: BearerGuard;
} {
  const guard = new BearerGuard(options);
  const metadata: ExpressMiddleware = (req, res, next) => {
    const answer = guard.metadata && metadataAnswer(guard.metadata, req.method, req.originalUrl ?? req.url);
    if (!answer) return next();
    res.statusCode = 200;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.end(req.method === 'HEAD' ? '' : answer.body);
  };
  const requireScopes =
    (...scopes: S[]): ExpressMiddleware =>
    (req, res, next) => {
      guard.check(req.headers.authorization, scopes).then((verdict) => {
        if (verdict.ok) {
          req.gatehouse = verdict.token;
          next();
          return;
        }
        send(res, verdict.refusal);
      }, next);
    };
  return { requireScopes, metadata, guard };
}

export { tokenOf } from './token-of-request.js';
export type { ResourceServerOptions } from './resource-server-options.js';
export type { ActiveTokenIntrospection } from '../oauth/introspect.js';
export { BearerGuard } from './bearer-guard.js';
export { protectedResourceMetadata, type ProtectedResourceMetadata, type ResourceMetadataFields } from './protected-resource-metadata.js';
