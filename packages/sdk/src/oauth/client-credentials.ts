import type { ResolvedOptions } from '../options.js';

/**
 * The client ID and secret of the app the client acts for.
 *
 * @example
 * const credentials: ClientCredentials = { clientId: process.env.CLIENT_ID!, clientSecret: process.env.CLIENT_SECRET! };
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * The configured client ID, or a clear error when there is none.
 *
 * @example
 * const id = requireClientId(options, 'authorizeURL');
 */
export function requireClientId(options: ResolvedOptions, call: string): string {
  if (!options.clientId) throw new TypeError(`${call} needs clientId in the client options`);
  return options.clientId;
}

/**
 * The configured client ID and secret, or a clear error when either is missing.
 *
 * @example
 * const { clientId, clientSecret } = requireCredentials(options, 'introspect');
 */
export function requireCredentials(options: ResolvedOptions, call: string): ClientCredentials {
  const clientId = requireClientId(options, call);
  if (!options.clientSecret) throw new TypeError(`${call} needs clientSecret in the client options`);
  return { clientId, clientSecret: options.clientSecret };
}

/**
 * The `Authorization: Basic` value of RFC 6749 §2.3.1: ID and secret form-encoded, then base64.
 *
 * @example
 * headers.authorization = basicAuthorization({ clientId, clientSecret });
 */
export function basicAuthorization(credentials: ClientCredentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(credentials.clientId)}:${encode(credentials.clientSecret)}`)}`;
}
