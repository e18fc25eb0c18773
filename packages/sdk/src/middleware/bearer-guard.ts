import { GatehouseClient } from '../gatehouse-client.js';
import type { ActiveTokenIntrospection, TokenIntrospection } from '../oauth/introspect.js';
import { missingScopes } from '../oauth/scopes.js';
import { bearerRefusal, unavailableRefusal, type BearerErrorCode, type BearerRefusal } from './bearer-challenge.js';
import { DEFAULT_BASE_URL } from '../options.js';
import { IntrospectionCache } from './introspection-cache.js';
import { protectedResourceMetadata, type ProtectedResourceMetadata } from './protected-resource-metadata.js';
import { validateCacheBounds, type ResourceServerOptions } from './resource-server-options.js';

/**
 * The verdict on one request: the token's introspection, or the refusal to send.
 *
 * @example
 * const verdict = await guard.check(req.headers.authorization, ['sites:read']);
 * if (!verdict.ok) return send(verdict.refusal);
 */
export type GuardVerdict = { ok: true; token: ActiveTokenIntrospection } | { ok: false; refusal: BearerRefusal };

/**
 * The framework-neutral core of the middleware: reads the bearer token, introspects it through
 * the cache and compares scopes.
 *
 * @example
 * const guard = new BearerGuard({ clientId, clientSecret });
 * const verdict = await guard.check('Bearer abc', ['sites:read']);
 */
export class BearerGuard {
  /** The introspection cache; `forget(token)` drops one answer early. */
  readonly cache: IntrospectionCache;
  /** The RFC 9728 document and its URLs, when the options name this server's `resource`. */
  readonly metadata: ProtectedResourceMetadata | undefined;
  private readonly realm: string;
  private readonly resource: string | undefined;
  private readonly acceptUnbound: boolean;
  private readonly introspect: (token: string) => Promise<TokenIntrospection>;

  constructor(options: ResourceServerOptions) {
    const ttlMs = options.cacheTtlMs ?? 30_000;
    const maxEntries = options.cacheMaxEntries ?? 10_000;
    validateCacheBounds(ttlMs, maxEntries);
    this.realm = options.realm ?? 'gatehouse';
    this.resource = options.resource;
    this.acceptUnbound = options.acceptUnboundTokens ?? false;
    this.metadata =
      options.resource === undefined ? undefined : protectedResourceMetadata(options.resource, options.baseUrl ?? DEFAULT_BASE_URL, options.resourceMetadata);
    this.cache = new IntrospectionCache({ ttlMs, maxEntries, now: options.now ?? Date.now });
    if (options.introspect) {
      this.introspect = options.introspect;
    } else {
      const client = new GatehouseClient({
        ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
        ...(options.apiBaseUrl !== undefined && { apiBaseUrl: options.apiBaseUrl }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        timeoutMs: options.timeoutMs ?? 5_000,
        retry: options.retry ?? { maxRetries: 1, maxDelayMs: 1_000 },
      });
      this.introspect = (token) => client.introspect(token);
    }
  }

  /**
   * Judges an `Authorization` header value against the scopes a route needs (RFC 6750 §2.1, §3.1).
   *
   * @example
   * await guard.check(req.headers.authorization, ['orders:read']);
   */
  async check(authorization: string | string[] | undefined, required: readonly string[]): Promise<GuardVerdict> {
    const refuse = (error: BearerErrorCode | undefined, description: string, scopes: readonly string[] = []): GuardVerdict => ({
      ok: false,
      refusal: bearerRefusal(this.realm, error, description, scopes, this.metadata?.metadataUrl),
    });
    if (authorization === undefined || authorization === '') return refuse(undefined, 'A bearer token is required', required);
    const match = typeof authorization === 'string' ? /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization) : null;
    if (!match) return refuse('invalid_request', 'Send exactly one "Authorization: Bearer <token>" header');
    let answer: TokenIntrospection;
    try {
      answer = await this.cache.get(match[1]!, this.introspect);
    } catch {
      return { ok: false, refusal: unavailableRefusal() };
    }
    if (!answer.active) return refuse('invalid_token', 'The access token is invalid, expired or revoked');
    // RFC 8707 §2, RFC 9068 §4: a token bound to other resources, or (unless allowed) to none, is not for this one.
    if (this.resource !== undefined && !(answer.aud ?? []).includes(this.resource)) {
      const unbound = (answer.aud ?? []).length === 0;
      if (!unbound || !this.acceptUnbound) {
        return refuse('invalid_token', unbound ? 'The access token is not bound to this resource' : 'The access token was issued for another resource');
      }
    }
    const missing = missingScopes(answer.scopes, required);
    if (missing.length > 0) return refuse('insufficient_scope', `The access token is missing the following scopes: ${missing.join(', ')}`, required);
    return { ok: true, token: answer };
  }
}
