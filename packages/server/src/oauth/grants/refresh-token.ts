import { InvalidGrant, InvalidScope } from '../errors.js';
import { requireParam } from '../request-params.js';
import { checkGrantResource } from '../resource-indicator.js';
import { parseScopeList } from '../scopes.js';
import type { AuthenticatedClient, Grant, IssuedTokens } from './types.js';

export type RotationOutcome =
  | { kind: 'issued'; tokens: IssuedTokens }
  /** The token was used or revoked before: the store has revoked its whole family. */
  | { kind: 'reused' }
  /** The authorization the token belongs to was revoked (uninstalled). */
  | { kind: 'revoked' }
  | { kind: 'invalid' };

/**
 * Storage the refresh grant needs. Contract: `rotate` marks the presented refresh token used only if it
 * is unused, unrevoked, unexpired and the client's; in the same transaction it issues a new access token
 * and a new refresh token of the same family. A reused token revokes the family and its access tokens;
 * a token whose authorization was revoked answers `revoked`, before any other check but the client's.
 * `accept` is called with the grant's bound resource once the token is known to be the client's and
 * live, before anything is written; what it throws is thrown. When the store's policy has a retry grace
 * period, a token used within it answers the very tokens its rotation issued (unless the family was
 * revoked since) instead of counting as reuse.
 */
export interface RefreshGrantStore {
  scopesOf(refreshToken: string, appId: string): Promise<string[] | undefined>;
  rotate(refreshToken: string, appId: string, scopes: string[] | undefined, accept?: (grant: { resource: string | null }) => void): Promise<RotationOutcome>;
}

/** RFC 6749 §6 with rotation (RFC 9700 §4.14.2): `scope` may only narrow the original grant. */
export function refreshTokenGrant(store: RefreshGrantStore): Grant {
  return async (client: AuthenticatedClient, params: Record<string, string>) => {
    const token = requireParam(params, 'refresh_token');
    let narrowed: string[] | undefined;
    if (params.scope !== undefined) {
      const granted = await store.scopesOf(token, client.appId);
      narrowed = parseScopeList(params.scope);
      if (granted && narrowed.some((s) => !granted.includes(s))) throw new InvalidScope('scope may not exceed the scopes originally granted.');
    }
    // RFC 8707 §2: a refresh may repeat the grant's resource, never name another.
    const outcome = await store.rotate(token, client.appId, narrowed, (grant) => checkGrantResource(params.resource, grant.resource));
    if (outcome.kind === 'issued') return outcome.tokens;
    if (outcome.kind === 'revoked') throw new InvalidGrant('The authorization this refresh token belongs to was revoked.');
    if (outcome.kind === 'reused') throw new InvalidGrant('The refresh token was already used; every token of its grant is revoked.');
    throw new InvalidGrant('The refresh token is invalid, expired, revoked or was issued to another client.');
  };
}
