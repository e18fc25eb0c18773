import { resolveRetryOptions, type RetryOptions } from './http/retry-policy.js';
import type { TransportConfig } from './http/transport.js';

/**
 * The origin a default Gatehouse install serves everything from (its default `PUBLIC_URL`).
 *
 * @example
 * new GatehouseClient({ baseUrl: DEFAULT_BASE_URL, clientId });
 */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/**
 * Configuration of a {@link GatehouseClient}. One origin serves everything by default; the
 * authorize page and the API may also live on different hosts, as `webflow.com` and
 * `api.webflow.com` do.
 *
 * @example
 * const options: GatehouseClientOptions = {
 *   baseUrl: 'https://auth.example.com',
 *   clientId: process.env.CLIENT_ID,
 *   clientSecret: process.env.CLIENT_SECRET,
 * };
 */
export interface GatehouseClientOptions {
  /** Origin serving both the authorize page and the API. Default `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** Where `/oauth/authorize` lives, when not at `baseUrl`. */
  authorizeBaseUrl?: string;
  /** Where `/oauth/access_token`, `/oauth/introspect`, … and `/v2` live, when not at `baseUrl`. */
  apiBaseUrl?: string;
  /** The OAuth app's client ID (needed for authorize, token, revoke and introspect calls). */
  clientId?: string;
  /** The OAuth app's client secret (needed for token, revoke and introspect calls). */
  clientSecret?: string;
  /** Bearer token for Data API calls: an OAuth access token, a site token or a workspace token. */
  accessToken?: string;
  /** `fetch` to send requests with. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Retrying of `429 Too Many Requests`; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Abort each attempt after this many milliseconds. Default: no timeout. */
  timeoutMs?: number;
  /** `User-Agent` header to send (ignored where the runtime forbids it). */
  userAgent?: string;
}

/**
 * The options with base URLs normalised and defaults applied.
 *
 * @example
 * const resolved: ResolvedOptions = resolveOptions({ clientId });
 */
export interface ResolvedOptions extends TransportConfig {
  authorizeBaseUrl: string;
  apiBaseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  accessToken: string | undefined;
}

function origin(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Applies defaults to {@link GatehouseClientOptions}.
 *
 * @example
 * resolveOptions({ baseUrl: 'http://127.0.0.1:4000/' }).apiBaseUrl; // 'http://127.0.0.1:4000'
 */
export function resolveOptions(options: GatehouseClientOptions = {}): ResolvedOptions {
  const base = origin(options.baseUrl ?? DEFAULT_BASE_URL);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch implementation: pass options.fetch');
  return {
    authorizeBaseUrl: origin(options.authorizeBaseUrl ?? base),
    apiBaseUrl: origin(options.apiBaseUrl ?? base),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    accessToken: options.accessToken,
    fetch: fetchImpl.bind(globalThis),
    retry: resolveRetryOptions(options.retry),
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
  };
}

/**
 * Joins a base URL that may carry a path prefix (e.g. `https://host/gatehouse`) with an absolute
 * API path, keeping the prefix.
 *
 * @example
 * endpoint('https://host/gh', '/v2/sites').href; // 'https://host/gh/v2/sites'
 */
export function endpoint(baseUrl: string, path: string): URL {
  return new URL(baseUrl + path);
}
