import { send } from '../http/transport.js';
import { endpoint, type ResolvedOptions } from '../options.js';
import { requireClientId } from './client-credentials.js';

/**
 * A token-endpoint answer (RFC 6749 §5.1), camel-cased. `refreshToken` and `expiresIn` appear only
 * when the server issues expiring tokens (off by default, as Webflow tokens do not expire).
 *
 * @example
 * const { accessToken, scope } = await gatehouse.getAccessToken({ code, redirectUri });
 */
export interface AccessTokenResponse {
  accessToken: string;
  tokenType: string;
  /** Granted scopes, space-separated. */
  scope: string;
  refreshToken?: string;
  /** Lifetime of the access token in seconds. */
  expiresIn?: number;
}

interface WireTokenResponse {
  access_token: string;
  token_type: string;
  scope?: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * Parameters of the authorization-code exchange (RFC 6749 §4.1.3).
 *
 * @example
 * const params: GetAccessTokenParams = { code: req.query.code, redirectUri, codeVerifier };
 */
export interface GetAccessTokenParams {
  code: string;
  /** Required when it was sent to `/oauth/authorize`; must be the same string. */
  redirectUri?: string;
  /** The PKCE verifier whose challenge went to `/oauth/authorize`. */
  codeVerifier?: string;
}

function fromWire(wire: WireTokenResponse): AccessTokenResponse {
  const result: AccessTokenResponse = {
    accessToken: wire.access_token,
    tokenType: wire.token_type,
    scope: wire.scope ?? '',
  };
  if (wire.refresh_token !== undefined) result.refreshToken = wire.refresh_token;
  if (wire.expires_in !== undefined) result.expiresIn = wire.expires_in;
  return result;
}

async function postToken(options: ResolvedOptions, fields: Record<string, string>): Promise<AccessTokenResponse> {
  const body: Record<string, string> = { ...fields, client_id: requireClientId(options, 'getAccessToken') };
  if (options.clientSecret) body.client_secret = options.clientSecret;
  const wire = await send<WireTokenResponse>(options, {
    method: 'POST',
    url: endpoint(options.apiBaseUrl, '/oauth/access_token'),
    json: body,
  });
  return fromWire(wire);
}

/**
 * `POST /oauth/access_token` with `grant_type=authorization_code`, client credentials in a JSON
 * body as the official SDKs send them (docs/webflow-wire.md, "Token exchange").
 *
 * @example
 * const token = await exchangeAuthorizationCode(options, { code, redirectUri, codeVerifier });
 */
export function exchangeAuthorizationCode(options: ResolvedOptions, params: GetAccessTokenParams): Promise<AccessTokenResponse> {
  const fields: Record<string, string> = { grant_type: 'authorization_code', code: params.code };
  if (params.redirectUri !== undefined) fields.redirect_uri = params.redirectUri;
  if (params.codeVerifier !== undefined) fields.code_verifier = params.codeVerifier;
  return postToken(options, fields);
}

/**
 * `POST /oauth/access_token` with `grant_type=refresh_token` (RFC 6749 §6). The server rotates
 * refresh tokens: keep the new `refreshToken` from the answer.
 *
 * @example
 * const next = await exchangeRefreshToken(options, stored.refreshToken);
 */
export function exchangeRefreshToken(options: ResolvedOptions, refreshToken: string): Promise<AccessTokenResponse> {
  return postToken(options, { grant_type: 'refresh_token', refresh_token: refreshToken });
}
