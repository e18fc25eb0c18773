import type { AnyScope } from './scope-names.js';

/**
 * Parameters of the authorization request (RFC 6749 §4.1.1, docs/webflow-wire.md, "Authorize request").
 *
 * @example
 * const params: AuthorizeUrlParams = { scope: ['sites:read'], state, redirectUri };
 */
export interface AuthorizeUrlParams<S extends string = AnyScope> {
  /** Scopes to request: an array, or one space-separated string. */
  scope: readonly S[] | string;
  /** Opaque CSRF value, echoed back on the callback. Strongly recommended. */
  state?: string;
  /** Must equal a registered redirect URI exactly; send the same value to the token endpoint. */
  redirectUri?: string;
  /** RFC 7636 S256 challenge (see `codeChallengeS256`). Required for public clients. */
  codeChallenge?: string;
  /** Overrides the client's configured client ID. */
  clientId?: string;
}

/**
 * Builds the URL of `GET /oauth/authorize`. Scopes are joined with spaces and form-encoded,
 * so they travel as `+` exactly as the official Webflow SDK sends them.
 *
 * @example
 * buildAuthorizeUrl('http://127.0.0.1:8080', 'abc…', { scope: ['sites:read'], state: 'xyz' });
 * // 'http://127.0.0.1:8080/oauth/authorize?response_type=code&client_id=abc…&scope=sites%3Aread&state=xyz'
 */
export function buildAuthorizeUrl<S extends string>(authorizeBaseUrl: string, clientId: string, params: AuthorizeUrlParams<S>): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: params.clientId ?? clientId });
  if (params.redirectUri !== undefined) query.set('redirect_uri', params.redirectUri);
  query.set('scope', typeof params.scope === 'string' ? params.scope : params.scope.join(' '));
  if (params.state !== undefined) query.set('state', params.state);
  if (params.codeChallenge !== undefined) {
    query.set('code_challenge', params.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  return `${authorizeBaseUrl}/oauth/authorize?${query.toString()}`;
}
