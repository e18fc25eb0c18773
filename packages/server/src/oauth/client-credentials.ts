import { InvalidClient, InvalidRequest } from './errors.js';

/** What a client presented to authenticate itself (RFC 6749 §2.3.1). */
export interface PresentedClient {
  clientId: string;
  /** Undefined for a public client that sends only its client_id (RFC 6749 §2.1, §3.2.1). */
  clientSecret: string | undefined;
  viaBasic: boolean;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new InvalidClient('The Basic credentials are not correctly encoded.', true);
  }
}

/**
 * RFC 6749 §2.3.1: credentials in HTTP Basic (each part form-urlencoded, then base64) or in the body,
 * never both at once.
 */
export function readClientCredentials(authorization: string | undefined, params: Record<string, string>): PresentedClient {
  const inBody = params.client_id !== undefined || params.client_secret !== undefined;
  if (authorization !== undefined) {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
    if (!match) {
      if (/^Basic\b/i.test(authorization)) throw new InvalidClient('The Basic credentials are malformed.', true);
      throw new InvalidRequest('Only the HTTP Basic authentication scheme is supported for clients.');
    }
    if (params.client_secret !== undefined) throw new InvalidRequest('Send client credentials either in HTTP Basic or in the body, not both.');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new InvalidClient('The Basic credentials are malformed.', true);
    const clientId = formDecode(decoded.slice(0, colon));
    if (params.client_id !== undefined && params.client_id !== clientId) {
      throw new InvalidRequest('Send client credentials either in HTTP Basic or in the body, not both.');
    }
    return { clientId, clientSecret: formDecode(decoded.slice(colon + 1)), viaBasic: true };
  }
  if (!inBody || params.client_id === undefined) throw new InvalidClient('Client authentication is required: send client_id and client_secret.');
  return { clientId: params.client_id, clientSecret: params.client_secret, viaBasic: false };
}
