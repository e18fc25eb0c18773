import { GatehouseError } from '../errors.js';
import { readError } from './read-error.js';
import { retryDelay, type ResolvedRetryOptions } from './retry-policy.js';

/**
 * What a request needs from the client's configuration.
 *
 * @example
 * const config: TransportConfig = { fetch, retry: resolveRetryOptions(), timeoutMs: undefined, userAgent: undefined };
 */
export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  retry: ResolvedRetryOptions;
  timeoutMs: number | undefined;
  userAgent: string | undefined;
}

/**
 * One HTTP request, described before it is sent so that it can be sent again on a 429.
 *
 * @example
 * const spec: RequestSpec = { method: 'POST', url: new URL('/oauth/introspect', base), form: new URLSearchParams({ token }) };
 */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  /** A JSON value (sent as `application/json`) or form fields (`application/x-www-form-urlencoded`). */
  json?: unknown;
  form?: URLSearchParams;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatehouseError({ status: response.status, code: 'invalid_response', message: 'The server answered with a body that is not JSON' });
  }
}

function buildInit(spec: RequestSpec, config: TransportConfig): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  if (config.userAgent) headers['user-agent'] = config.userAgent;
  let body: string | undefined;
  if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
  } else if (spec.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = spec.form.toString();
  }
  const init: RequestInit = { method: spec.method, headers, redirect: 'manual' };
  if (body !== undefined) init.body = body;
  if (config.timeoutMs !== undefined) init.signal = AbortSignal.timeout(config.timeoutMs);
  return init;
}

/**
 * Sends a request, retrying `429` as {@link ResolvedRetryOptions} allows, and returns the parsed
 * JSON body of a 2xx answer (`undefined` for an empty one). Any other status throws a
 * `GatehouseError` (or `OAuthError`) read from the body.
 *
 * @example
 * const sites = await send<{ sites: Site[] }>(config, { method: 'GET', url: new URL('/v2/sites', base) });
 */
export async function send<T>(config: TransportConfig, spec: RequestSpec): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await config.fetch(spec.url, buildInit(spec, config));
    if (response.ok) {
      return (await readBody(response)) as T;
    }
    const delay = retryDelay(response, attempt, config.retry);
    if (delay === undefined) throw await readError(response);
    await response.body?.cancel();
    await config.retry.sleep(delay);
  }
}
