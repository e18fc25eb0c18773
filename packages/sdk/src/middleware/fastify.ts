// Fastify adapter of the resource-server middleware: a preHandler hook built on structural types,
// so it neither imports nor depends on fastify at runtime.
import type { ActiveTokenIntrospection } from '../oauth/introspect.js';
import type { AnyScope } from '../oauth/scope-names.js';
import { BearerGuard } from './bearer-guard.js';
import { metadataAnswer } from './protected-resource-metadata.js';
import type { ResourceServerOptions } from './resource-server-options.js';

/**
 * The parts of a Fastify request the hook reads and writes.
 *
 * @example
 * const request: FastifyLikeRequest = { headers: { authorization: 'Bearer abc' } };
 */
export interface FastifyLikeRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  /** Set by `requireScopes` once the token passed: the RFC 7662 answer about it. */
  gatehouse?: ActiveTokenIntrospection;
}

/**
 * The parts of a Fastify reply the hook uses to refuse a request.
 *
 * @example
 * const reply: FastifyLikeReply = fastifyReply;
 */
export interface FastifyLikeReply {
  code(statusCode: number): FastifyLikeReply;
  header(name: string, value: string): FastifyLikeReply;
  send(payload: unknown): FastifyLikeReply;
}

/**
 * A Fastify `preHandler` (or `onRequest`) hook.
 *
 * @example
 * const hook: FastifyHook = auth.requireScopes('orders:read');
 */
export type FastifyHook = (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>;

/**
 * Fastify resource-server hooks: `requireScopes(...)` lets a request through only with an active
 * bearer token holding every listed scope, and puts the introspection on `request.gatehouse`.
 * Refusals follow RFC 6750 §3. Introspection answers are cached for `cacheTtlMs` (default 30 s):
 * the revocation delay accepted. Call `app.decorateRequest('gatehouse', null)` once to keep
 * request objects of one shape.
 *
 * With `resource` (this server's URL, RFC 9728) `app.addHook('onRequest', auth.metadata)` serves the
 * protected resource metadata document and every refusal names it, which is all an MCP client needs.
 *
 * @example
 * import { gatehouseFastify, tokenOf } from '@gatehouse/sdk/fastify';
 * const auth = gatehouseFastify({ clientId, clientSecret, baseUrl: 'http://127.0.0.1:8080', resource: 'http://127.0.0.1:3001/api' });
 * app.addHook('onRequest', auth.metadata);
 * app.get('/orders', { preHandler: auth.requireScopes('sites:read') }, async (req) => ({ sub: tokenOf(req).sub }));
 */
export function gatehouseFastify<S extends string = AnyScope>(
  options: ResourceServerOptions,
): {
  requireScopes: (...scopes: S[]) => FastifyHook;
  metadata: FastifyHook;
  guard: BearerGuard;
} {
  const guard = new BearerGuard(options);
  const metadata: FastifyHook = async (request, reply) => {
    const answer = guard.metadata && metadataAnswer(guard.metadata, request.method, request.url);
    if (!answer) return undefined;
    reply.code(200);
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    return reply.send(request.method === 'HEAD' ? '' : answer.body);
  };
  const requireScopes =
    (...scopes: S[]): FastifyHook =>
    async (request, reply) => {
      const verdict = await guard.check(request.headers.authorization, scopes);
      if (verdict.ok) {
        request.gatehouse = verdict.token;
        return undefined;
      }
      reply.code(verdict.refusal.status);
      for (const [name, value] of Object.entries(verdict.refusal.headers)) reply.header(name, value);
      // Returning the reply tells Fastify the hook has answered (async hooks, Fastify v4+).
      return reply.send(verdict.refusal.body);
    };
  return { requireScopes, metadata, guard };
}

export { tokenOf } from './token-of-request.js';
export type { ResourceServerOptions } from './resource-server-options.js';
export type { ActiveTokenIntrospection } from '../oauth/introspect.js';
export { BearerGuard } from './bearer-guard.js';
export { protectedResourceMetadata, type ProtectedResourceMetadata, type ResourceMetadataFields } from './protected-resource-metadata.js';
