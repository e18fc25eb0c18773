import { AUTHORIZE_PARAM_LIMITS, REDIRECTABLE_LIMITED, overLimit } from './authorize-param-limits.js';
import type { AuthorizeClient, AuthorizeRequest } from './authorize-request.js';
import { InvalidRequest, InvalidScope, InvalidTarget, NotRedirectable, UnsupportedResponseType, type OAuthError } from './errors.js';
import type { QueryParams } from './query-params.js';
import { checkRequestedResource, type ProtectedResource } from './resource-indicator.js';
import type { Catalogue } from './scopes.js';

/** A failure after the redirect URI is known to be registered: answered by a redirect to it. */
export class RedirectableError extends Error {
  constructor(
    readonly oauthError: OAuthError,
    readonly redirectUri: string,
    readonly state: string | null,
  ) {
    super(oauthError.description);
    this.name = 'RedirectableError';
  }
}

const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Step 1 (docs/oauth.md, "The authorize request"): `client_id` present exactly once; otherwise a 400 page. */
export function readClientId(params: QueryParams): string {
  const count = params.count('client_id');
  if (count === 0 || !params.get('client_id')) throw new NotRedirectable(new InvalidRequest('The client_id parameter is missing.'), 'Unknown app');
  if (count > 1) throw new NotRedirectable(new InvalidRequest('The client_id parameter was given more than once.'), 'Invalid request');
  const tooLong = overLimit(params, ['client_id']);
  if (tooLong) throw new NotRedirectable(tooLong, 'Invalid request');
  return params.get('client_id')!;
}

/**
 * Steps 2–5 of the authorize checks, in order: redirect_uri (RFC 6749 §3.1.2.3, exact match; page on
 * failure), response_type (§4.1.1), scope (§3.3; docs/webflow-wire.md, "Authorize request"), repeated parameters (§3.1), then PKCE
 * (RFC 7636 §4.4.1; required for public clients, RFC 9700 §2.1.1), then the resource (RFC 8707 §2).
 */
export function validateAuthorizeRequest(
  params: QueryParams,
  client: AuthorizeClient,
  catalogue: Catalogue,
  resources: ReadonlyMap<string, ProtectedResource> = new Map(),
): AuthorizeRequest {
  const redirectUriSent = params.count('redirect_uri') > 0 ? params.get('redirect_uri')! : null;
  if (params.count('redirect_uri') > 1) {
    throw new NotRedirectable(new InvalidRequest('The redirect_uri parameter was given more than once.'), 'Invalid redirect URI');
  }
  const redirectTooLong = overLimit(params, ['redirect_uri']);
  if (redirectTooLong) throw new NotRedirectable(redirectTooLong, 'Invalid redirect URI');
  let redirectUri: string;
  if (redirectUriSent === null) {
    if (client.redirectUris.length !== 1) {
      throw new NotRedirectable(
        new InvalidRequest('This app registers several redirect URIs, so the request must name one in redirect_uri.'),
        'Redirect URI required',
        {
          sent: null,
          registered: client.redirectUris,
        },
      );
    }
    redirectUri = client.redirectUris[0]!;
  } else if (client.redirectUris.includes(redirectUriSent)) {
    redirectUri = redirectUriSent;
  } else {
    throw new NotRedirectable(new InvalidRequest('The redirect_uri does not match any redirect URI registered for this app.'), 'Invalid redirect URI', {
      sent: redirectUriSent,
      registered: client.redirectUris,
    });
  }
  // An over-long state is not echoed back: it is the part of the request being refused.
  const state = params.longest('state') > AUTHORIZE_PARAM_LIMITS.state ? null : (params.encoded('state') ?? null);
  const fail = (error: OAuthError) => new RedirectableError(error, redirectUri, state);
  const tooLong = overLimit(params, REDIRECTABLE_LIMITED);
  if (tooLong) throw fail(tooLong);

  if (params.count('response_type') > 1) throw fail(new InvalidRequest('The response_type parameter was given more than once.'));
  const responseType = params.get('response_type');
  if (!responseType) throw fail(new InvalidRequest('The response_type parameter is missing.'));
  if (responseType !== 'code') throw fail(new UnsupportedResponseType('Only response_type=code is supported.'));

  if (params.count('scope') > 1) throw fail(new InvalidRequest('The scope parameter was given more than once.'));
  // Form decoding already turned `+` into a space; a literal `+` (sent as %2B) stays part of one name (docs/webflow-wire.md, "Authorize request").
  const scopes = [...new Set((params.get('scope') ?? '').split(/[ \t]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !catalogue.isKnown(s));
  if (unknown.length > 0) throw fail(new InvalidScope(`The following scopes are invalid: ${unknown.join(', ')}`));
  if (scopes.length === 0) throw fail(new InvalidScope('The scope parameter is missing or empty.'));
  const beyond = scopes.filter((s) => !client.scopes.includes(s));
  if (beyond.length > 0) {
    throw new NotRedirectable(new InvalidScope(`This app is not registered for: ${beyond.join(', ')}`), 'Scopes not registered');
  }

  if (params.count('resource') > 1) throw fail(new InvalidTarget('Ask for one resource per authorization request.'));
  const repeated = params.repeated();
  if (repeated.length > 0) throw fail(new InvalidRequest(`Parameters given more than once: ${repeated.join(', ')}`));

  const codeChallenge = params.get('code_challenge') ?? null;
  const method = params.get('code_challenge_method') ?? null;
  if (codeChallenge === null) {
    if (method !== null) throw fail(new InvalidRequest('code_challenge_method was sent without code_challenge.'));
    if (client.clientType === 'public') throw fail(new InvalidRequest('Public clients must use PKCE: send code_challenge with code_challenge_method=S256.'));
  } else {
    if (method !== 'S256') throw fail(new InvalidRequest('Only code_challenge_method=S256 is supported; plain is refused.'));
    if (!PKCE_CHALLENGE.test(codeChallenge)) throw fail(new InvalidRequest('code_challenge must be 43 to 128 URL-safe characters.'));
  }
  let resource: ProtectedResource | null;
  try {
    resource = checkRequestedResource(params.get('resource'), scopes, resources);
  } catch (err) {
    throw fail(err as OAuthError);
  }
  return {
    clientId: client.clientId,
    redirectUri,
    redirectUriSent,
    scopes,
    state,
    codeChallenge,
    codeChallengeMethod: codeChallenge ? 'S256' : null,
    resource: resource?.uri ?? null,
  };
}
