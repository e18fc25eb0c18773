import { send } from '../http/transport.js';
import { endpoint, type ResolvedOptions } from '../options.js';
import { basicAuthorization, requireCredentials } from './client-credentials.js';

/**
 * `POST /oauth/revoke_authorization` (docs/webflow-wire.md, "Revoking an authorization"): revokes an access token, and with it the
 * authorization that issued it. Resolves to the server's `did_revoke`.
 *
 * @example
 * const didRevoke = await revokeAuthorization(options, session.accessToken);
 */
export async function revokeAuthorization(options: ResolvedOptions, accessToken: string): Promise<boolean> {
  const { clientId, clientSecret } = requireCredentials(options, 'revokeToken');
  const answer = await send<{ did_revoke?: boolean }>(options, {
    method: 'POST',
    url: endpoint(options.apiBaseUrl, '/oauth/revoke_authorization'),
    json: { client_id: clientId, client_secret: clientSecret, access_token: accessToken },
  });
  return answer?.did_revoke === true;
}

/**
 * `POST /oauth/revoke` (RFC 7009): revokes an access or refresh token. Per RFC 7009 §2.2 the
 * server answers 200 even for a token it does not know, so this resolves without a value.
 *
 * @example
 * await revokeRfc7009(options, stored.refreshToken, 'refresh_token');
 */
export async function revokeRfc7009(options: ResolvedOptions, token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<void> {
  const form = new URLSearchParams({ token });
  if (tokenTypeHint) form.set('token_type_hint', tokenTypeHint);
  await send<unknown>(options, {
    method: 'POST',
    url: endpoint(options.apiBaseUrl, '/oauth/revoke'),
    headers: { authorization: basicAuthorization(requireCredentials(options, 'revokeToken')) },
    form,
  });
}
