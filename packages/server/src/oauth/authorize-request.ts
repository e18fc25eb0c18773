/** What the authorization server needs to know about a client to validate an authorize request. */
export interface AuthorizeClient {
  clientId: string;
  name: string;
  clientType: 'confidential' | 'public';
  redirectUris: string[];
  scopes: string[];
}

/** A validated authorize request, kept server-side across login and consent. */
export interface AuthorizeRequest {
  clientId: string;
  /** Where the answer goes: the URI sent, or the app's only registered URI. */
  redirectUri: string;
  /** The redirect_uri as sent, or null when omitted (then the token request need not repeat it). */
  redirectUriSent: string | null;
  scopes: string[];
  /** `state` percent-encoded exactly as received, or null when absent. */
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
  /** RFC 8707 resource the tokens will be bound to; null or absent (requests parked before resources existed) for none. */
  resource?: string | null;
}

/** RFC 9207 §2 plus RFC 6749 §4.1.2: the redirect that ends an authorize request, success or error. */
export function authorizationResponseUrl(redirectUri: string, params: Record<string, string>, encodedState: string | null, issuer: string): string {
  const query = new URLSearchParams(params);
  query.set('iss', issuer);
  let out = query.toString();
  if (encodedState !== null) out += `&state=${encodedState}`;
  return redirectUri + (redirectUri.includes('?') ? '&' : '?') + out;
}
