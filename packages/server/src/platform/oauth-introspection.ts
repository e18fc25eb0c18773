import { digest } from '../crypto/tokens.js';
import type { AuthorizationTarget, TokenKind } from '../store/schema.js';
import type { PlatformContext } from './context.js';
import { precompiled } from '../store/precompiled-query.js';
import { isExpiredByInactivity } from './api-tokens.js';

/** RFC 7662 §2.2 active-token answer, with Gatehouse's reach (site_ids, workspace_ids). */
export interface ActiveIntrospection {
  active: true;
  scope: string;
  client_id?: string;
  token_type: 'bearer';
  exp?: number;
  iat: number;
  sub?: string;
  site_ids: string[];
  workspace_ids: string[];
  authorization_id?: string;
  /** RFC 7662 §2.2 / RFC 8707: the resource the token is bound to, when it is bound to one. */
  aud?: string;
  /** Gatehouse extension: `oauth`, `site` or `workspace`. */
  gatehouse_token_kind: string;
}

const tokenByDigest = precompiled<'digest', {
  id: string; app_id: string | null; kind: TokenKind; scopes: string; created_at: string; last_used_at: string | null; expires_at: string | null;
  revoked_at: string | null; site_id: string | null; workspace_id: string; created_by: string | null; authorization_id: string | null;
  user_id: string | null; target: AuthorizationTarget | null; authorization_revoked_at: string | null; client_id: string | null; resource: string | null;
}>((db, p) => db.selectFrom('access_tokens')
  .leftJoin('authorizations', 'authorizations.id', 'access_tokens.authorization_id')
  .leftJoin('apps', 'apps.id', 'access_tokens.app_id')
  .select([
    'access_tokens.id', 'access_tokens.app_id', 'access_tokens.kind', 'access_tokens.scopes', 'access_tokens.created_at', 'access_tokens.last_used_at',
    'access_tokens.expires_at', 'access_tokens.revoked_at', 'access_tokens.site_id', 'access_tokens.workspace_id', 'access_tokens.created_by',
    'authorizations.id as authorization_id', 'authorizations.user_id', 'authorizations.target', 'authorizations.revoked_at as authorization_revoked_at',
    'authorizations.resource', 'apps.client_id',
  ])
  .where('access_tokens.digest', '=', p('digest')));

const sitesOfAuthorization = precompiled<'id', { site_id: string }>((db, p) => db.selectFrom('authorization_sites').select('site_id').where('authorization_id', '=', p('id')));
const sitesOfWorkspace = precompiled<'id', { id: string }>((db, p) => db.selectFrom('sites').select('id').where('workspace_id', '=', p('id')).orderBy('created_at'));

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The answer plus what revocation notices name (token, authorization, app), for caching. */
export interface IntrospectionRecord {
  answer: ActiveIntrospection;
  tokenId: string;
  authorizationId: string | null;
  appId: string | null;
}

/**
 * RFC 7662 §2.2: what an access token is good for, or undefined when it is unknown, revoked, expired
 * (by time or by 365 days unused), or its authorization was revoked. Any Gatehouse access token may be
 * introspected: OAuth, site or workspace.
 */
export async function loadIntrospection(ctx: PlatformContext, token: string): Promise<IntrospectionRecord | undefined> {
  if (token.length > 200) return undefined;
  const row = (await tokenByDigest(ctx.db, ctx.dialect, { digest: digest(token) })).rows[0];
  const now = ctx.now();
  if (!row || row.revoked_at !== null || row.authorization_revoked_at) return undefined;
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return undefined;
  if (isExpiredByInactivity(row, now)) return undefined;
  if (row.kind === 'oauth' && !row.authorization_id) return undefined;

  let siteIds: string[] = [];
  if (row.kind === 'site' && row.site_id) siteIds = [row.site_id];
  else if (row.kind === 'oauth' && row.target === 'sites') {
    siteIds = (await sitesOfAuthorization(ctx.db, ctx.dialect, { id: row.authorization_id })).rows.map((r) => r.site_id);
  } else if (row.kind === 'oauth') {
    siteIds = (await sitesOfWorkspace(ctx.db, ctx.dialect, { id: row.workspace_id })).rows.map((r) => r.id);
  }
  const answer: ActiveIntrospection = {
    active: true,
    scope: row.scopes,
    token_type: 'bearer',
    iat: seconds(row.created_at),
    site_ids: siteIds,
    workspace_ids: [row.workspace_id],
    gatehouse_token_kind: row.kind,
  };
  if (row.client_id) answer.client_id = row.client_id;
  if (row.expires_at) answer.exp = seconds(row.expires_at);
  const sub = row.user_id ?? row.created_by;
  if (sub) answer.sub = sub;
  if (row.authorization_id) answer.authorization_id = row.authorization_id;
  if (row.resource) answer.aud = row.resource;
  return { answer, tokenId: row.id, authorizationId: row.authorization_id, appId: row.app_id };
}
