import type { RetryOptions } from '../http/retry-policy.js';
import type { TokenIntrospection } from '../oauth/introspect.js';
import type { ResourceMetadataFields } from './protected-resource-metadata.js';

/**
 * Longest cache time accepted (10 minutes): a revoked token must not live on for long.
 *
 * @example
 * gatehouseExpress({ clientId, clientSecret, cacheTtlMs: MAX_CACHE_TTL_MS });
 */
export const MAX_CACHE_TTL_MS = 10 * 60_000;

/**
 * Configuration of the resource-server middleware (Express and Fastify alike).
 *
 * @example
 * const options: ResourceServerOptions = {
 *   baseUrl: 'http://127.0.0.1:8080',
 *   clientId: process.env.RS_CLIENT_ID!,
 *   clientSecret: process.env.RS_CLIENT_SECRET!,
 *   realm: 'orders-api',
 *   cacheTtlMs: 30_000,
 * };
 */
export interface ResourceServerOptions {
  /** Gatehouse origin. Default `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** Where `/oauth/introspect` lives, when not at `baseUrl`. */
  apiBaseUrl?: string;
  /** Client ID of the app that represents this resource server. */
  clientId: string;
  /** Its client secret; it authenticates the introspection calls. */
  clientSecret: string;
  /** `realm` of the `WWW-Authenticate` challenge. Default `gatehouse`. */
  realm?: string;
  /**
   * This server's resource identifier (RFC 8707, RFC 9728 §1.2), e.g. `https://mcp.example.com/mcp`. With it,
   * `metadata` serves the RFC 9728 document, every challenge names that document (`resource_metadata`), and a
   * token whose introspected `aud` does not name it is refused (see `acceptUnboundTokens`).
   */
  resource?: string;
  /**
   * With `resource`: also accept tokens bound to no resource (introspected without `aud`), such as tokens
   * issued before this server was registered as a protected resource. Default `false`: the MCP
   * authorization profile asks a resource server to accept only tokens issued for it.
   */
  acceptUnboundTokens?: boolean;
  /** More of the RFC 9728 document: authorization servers, `scopes_supported`, name, documentation. */
  resourceMetadata?: ResourceMetadataFields;
  /**
   * How long an introspection answer is reused, in ms. Default 30 000, at most 600 000, 0 turns
   * caching off. **This is the revocation delay you accept**: a token revoked at Gatehouse keeps
   * passing this middleware until its cached answer is this old.
   */
  cacheTtlMs?: number;
  /** Most answers cached (least recently used dropped first). Default 10 000. */
  cacheMaxEntries?: number;
  /** Clock in ms for the cache. Default `Date.now`. */
  now?: () => number;
  /** `fetch` for the introspection calls. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Timeout of each introspection call in ms. Default 5 000. */
  timeoutMs?: number;
  /** Retrying of a `429` from Gatehouse. Default: one retry waiting at most 1 s. */
  retry?: RetryOptions;
  /** Replaces the introspection call altogether (e.g. to call a sidecar). */
  introspect?: (token: string) => Promise<TokenIntrospection>;
}

/**
 * Checks the cache bounds, so that a typo cannot turn into hours of accepted revoked tokens.
 *
 * @example
 * validateCacheBounds(30_000, 10_000); // ok
 */
export function validateCacheBounds(ttlMs: number, maxEntries: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs < 0 || ttlMs > MAX_CACHE_TTL_MS) {
    throw new RangeError(`cacheTtlMs must be from 0 to ${MAX_CACHE_TTL_MS}, got ${ttlMs}`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 0) {
    throw new RangeError(`cacheMaxEntries must be a whole number, got ${maxEntries}`);
  }
}
