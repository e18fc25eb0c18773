import { send } from '../http/transport.js';
import { endpoint, type ResolvedOptions } from '../options.js';

/**
 * Query values; `undefined` ones are left out, `Date`s are sent as ISO strings.
 *
 * @example
 * const query: QueryValues = { limit: 10, from: new Date(0), sortOrder: undefined };
 */
export type QueryValues = Record<string, string | number | Date | undefined>;

/**
 * Builds a `/v2` path from a template, percent-encoding each ID so that no ID can change the path.
 *
 * @example
 * v2Path`/sites/${siteId}/comments/${threadId}`; // '/v2/sites/…/comments/…'
 */
export function v2Path(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce((path, part, i) => path + part + (i < ids.length ? encodeURIComponent(ids[i]!) : ''), '/v2');
}

/**
 * Sends one Data API request with the configured bearer token (RFC 6750 §2.1; never in the query).
 *
 * @example
 * const { sites } = await dataApiRequest<{ sites: Site[] }>(options, 'GET', v2Path`/sites`);
 */
export async function dataApiRequest<T>(
  options: ResolvedOptions,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  extra: { query?: QueryValues; json?: unknown } = {},
): Promise<T> {
  if (!options.accessToken) throw new TypeError('Data API calls need accessToken in the client options');
  const url = endpoint(options.apiBaseUrl, path);
  for (const [key, value] of Object.entries(extra.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  return send<T>(options, {
    method,
    url,
    headers: { authorization: `Bearer ${options.accessToken}` },
    json: extra.json,
  });
}
