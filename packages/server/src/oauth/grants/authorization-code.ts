import { checkPkce } from '../check-pkce.js';
import { checkGrantResource } from '../resource-indicator.js';
import { InvalidGrant } from '../errors.js';
import { requireParam } from '../request-params.js';
import type { AuthenticatedClient, Grant, IssuedTokens } from './types.js';

/** A stored authorization code, found by the digest of the code the client presents. */
export interface StoredCode {
  digest: string;
  appId: string;
  redirectUri: string | null;
  codeChallenge: string | null;
  expiresAt: string;
  consumed: boolean;
  /** The authorization the code was issued under has been revoked (uninstalled). */
  authorizationRevoked: boolean;
  /** RFC 8707 resource the authorization is bound to, or null. */
  resource: string | null;
}

/**
 * Storage the code grant needs. Contract: `redeem` marks the code consumed only if it was not consumed
 * yet and, in the same transaction, issues the tokens; it answers undefined when another request
 * consumed the code first. `revokeIssuedFrom` revokes every token ever issued from the code.
 */
export interface CodeGrantStore {
  find(code: string): Promise<StoredCode | undefined>;
  redeem(code: StoredCode): Promise<IssuedTokens | undefined>;
  revokeIssuedFrom(code: StoredCode): Promise<void>;
  /** Registered redirect URIs, used only when the authorize request named none. */
  redirectUrisOf(appId: string): Promise<string[]>;
}

/**
 * RFC 6749 §4.1.3 access token request with RFC 7636 §4.6 PKCE. A second use of a code is refused and
 * every token issued from it is revoked (§4.1.2, RFC 9700 §4.1).
 */
export function authorizationCodeGrant(store: CodeGrantStore, now: () => Date): Grant {
  return async (client: AuthenticatedClient, params: Record<string, string>) => {
    const code = await store.find(requireParam(params, 'code'));
    if (!code || code.appId !== client.appId) throw new InvalidGrant('The authorization code is invalid, expired or was issued to another client.');
    if (code.authorizationRevoked) throw new InvalidGrant('The authorization this code was issued under was revoked.');
    if (code.consumed) {
      await store.revokeIssuedFrom(code);
      throw new InvalidGrant('The authorization code was already used; tokens issued from it are revoked.');
    }
    if (Date.parse(code.expiresAt) <= now().getTime()) throw new InvalidGrant('The authorization code is invalid, expired or was issued to another client.');
    const sent = params.redirect_uri;
    if (code.redirectUri !== null) {
      if (sent !== code.redirectUri) throw new InvalidGrant('redirect_uri must be sent and equal the one sent to /oauth/authorize.');
    } else if (sent !== undefined && !(await store.redirectUrisOf(client.appId)).includes(sent)) {
      throw new InvalidGrant('redirect_uri is not registered for this app.');
    }
    if (client.clientType === 'public' && code.codeChallenge === null) throw new InvalidGrant('Public clients must use PKCE.');
    checkPkce(code.codeChallenge, params.code_verifier);
    checkGrantResource(params.resource, code.resource);
    const issued = await store.redeem(code);
    if (!issued) {
      await store.revokeIssuedFrom(code);
      throw new InvalidGrant('The authorization code was already used; tokens issued from it are revoked.');
    }
    return issued;
  };
}
