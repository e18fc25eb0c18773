import { GatehouseClient } from '../gatehouse-client.js';
import type { ActiveTokenIntrospection, TokenIntrospection } from '../oauth/introspect.js';
import { missingScopes } from '../oauth/scopes.js';
import { bearerRefusal, unavailableRefusal, type BearerRefusal } from './bearer-challenge.js';
import { IntrospectionCache } from './introspection-cache.js';
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
  private readonly realm: string;
  private readonly resource: string | undefined;
  private readonly introspect: (token: string) => Promise<TokenIntrospection>;

  constructor(options: ResourceServerOptions) {
    const ttlMs = options.cacheTtlMs ?? 30_000;
    const maxEntries = options.cacheMaxEntries ?? 10_000;
    validateCacheBounds(ttlMs, maxEntries);
    this.realm = options.realm ?? 'gatehouse';
    this.resource = options.resource;
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
    if (authorization === undefined || authorization === '') {
      return { ok: false, refusal: bearerRefusal(this.realm, undefined, 'A bearer token is required', required) };
    }
    const match = typeof authorization === 'string' ? /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization) : null;
    if (!match) {
      return { ok: false, refusal: bearerRefusal(this.realm, 'invalid_request', 'Send exactly one "Authorization: Bearer <token>" header') };
    }
    let answer: TokenIntrospection;
    try {
      answer = await this.cache.get(match[1]!, this.introspect);
    } catch {
      return { ok: false, refusal: unavailableRefusal() };
    }
    if (!answer.active) {
      return { ok: false, refusal: bearerRefusal(this.realm, 'invalid_token', 'The access token is invalid, expired or revoked') };
    }
    // RFC 8707 §2: a token bound to another resource is not for this one, whatever its scopes.
    if (this.resource !== undefined && !(answer.aud ?? []).includes(this.resource)) {
      return { ok: false, refusal: bearerRefusal(this.realm, 'invalid_token', 'The access token is meant for another resource') };
    }
    const missing = missingScopes(answer.scopes, required);
    if (missing.length > 0) {
      const description = `The access token is missing the following scopes: ${missing.join(', ')}`;
      return { ok: false, refusal: bearerRefusal(this.realm, 'insufficient_scope', description, required) };
    }
    return { ok: true, token: answer };
  }
}
