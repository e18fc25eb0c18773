import { send } from '../http/transport.js';
import { endpoint, type ResolvedOptions } from '../options.js';
import { basicAuthorization, requireCredentials } from './client-credentials.js';
import { parseScopes } from './scopes.js';

/**
 * An active token as RFC 7662 §2.2 describes it, camel-cased, with Gatehouse's `siteIds` and
 * `workspaceIds` (what the token's authorization reaches). `raw` keeps the body as received.
 *
 * @example
 * if (info.active) console.log(info.scopes.includes('sites:read'), info.siteIds);
 */
export interface ActiveTokenIntrospection {
  active: true;
  /** Granted scopes, space-separated, as on the wire. */
  scope: string;
  /** The same scopes as an array. */
  scopes: string[];
  clientId: string | undefined;
  tokenType: string | undefined;
  /** Expiry, seconds since the epoch; absent for tokens that do not expire. */
  exp: number | undefined;
  /** Issue time, seconds since the epoch. */
  iat: number | undefined;
  /** The user (or token owner) the token acts for. */
  sub: string | undefined;
  /** The resources the token is bound to (RFC 7662 `aud`, one string or several); empty or absent when unbound. */
  aud?: string[];
  siteIds: string[];
  workspaceIds: string[];
  raw: Record<string, unknown>;
}

/**
 * The answer of `POST /oauth/introspect`: an active token, or `{ active: false }` for a token that
 * is unknown, expired or revoked.
 *
 * @example
 * const info: TokenIntrospection = await resourceServer.introspect(token);
 */
export type TokenIntrospection = ActiveTokenIntrospection | { active: false };

const optionalString = (value: unknown) => (typeof value === 'string' ? value : undefined);
const optionalNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);
const stringArray = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Reads an RFC 7662 body into a {@link TokenIntrospection}; anything but `active: true` is inactive.
 *
 * @example
 * fromIntrospectionWire({ active: false }); // { active: false }
 */
export function fromIntrospectionWire(raw: Record<string, unknown>): TokenIntrospection {
  if (raw.active !== true) return { active: false };
  const scope = optionalString(raw.scope) ?? '';
  return {
    active: true,
    scope,
    scopes: parseScopes(scope),
    clientId: optionalString(raw.client_id),
    tokenType: optionalString(raw.token_type),
    exp: optionalNumber(raw.exp),
    iat: optionalNumber(raw.iat),
    sub: optionalString(raw.sub),
    aud: typeof raw.aud === 'string' ? [raw.aud] : raw.aud === undefined ? undefined : stringArray(raw.aud),
    siteIds: stringArray(raw.site_ids),
    workspaceIds: stringArray(raw.workspace_ids),
    raw,
  };
}

/**
 * `POST /oauth/introspect` (RFC 7662 §2.1), authenticated as the configured client with HTTP Basic.
 *
 * @example
 * const info = await introspectToken(options, bearerToken);
 */
export async function introspectToken(options: ResolvedOptions, token: string): Promise<TokenIntrospection> {
  const raw = await send<Record<string, unknown>>(options, {
    method: 'POST',
    url: endpoint(options.apiBaseUrl, '/oauth/introspect'),
    headers: { authorization: basicAuthorization(requireCredentials(options, 'introspect')) },
    form: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  return fromIntrospectionWire(raw ?? {});
}
