import { digest } from '../crypto/tokens.js';
import type { PlatformContext } from './context.js';
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
  /** Gatehouse extension: `oauth`, `site` or `workspace`. */
  gatehouse_token_kind: string;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * RFC 7662 §2.2: what an access token is good for, or undefined when it is unknown, revoked, expired
 * (by time or by 365 days unused), or its authorization was revoked. Any Gatehouse access token may be
 * introspected: OAuth, site or workspace.
 */
export async function introspectAccessToken(ctx: PlatformContext, token: string): Promise<ActiveIntrospection | undefined> {
  if (token.length > 200) return undefined;
  const row = await ctx.db.selectFrom('access_tokens')
    .leftJoin('authorizations', 'authorizations.id', 'access_tokens.authorization_id')
    .leftJoin('apps', 'apps.id', 'access_tokens.app_id')
    .select([
      'access_tokens.kind', 'access_tokens.scopes', 'access_tokens.created_at', 'access_tokens.last_used_at', 'access_tokens.expires_at',
      'access_tokens.revoked_at', 'access_tokens.site_id', 'access_tokens.workspace_id', 'access_tokens.created_by',
      'authorizations.id as authorization_id', 'authorizations.user_id', 'authorizations.target', 'authorizations.revoked_at as authorization_revoked_at',
      'apps.client_id',
    ])
    .where('access_tokens.digest', '=', digest(token))
    .executeTakeFirst();
  const now = ctx.now();
  if (!row || row.revoked_at !== null || row.authorization_revoked_at) return undefined;
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return undefined;
  if (isExpiredByInactivity(row, now)) return undefined;
  if (row.kind === 'oauth' && !row.authorization_id) return undefined;

  let siteIds: string[] = [];
  if (row.kind === 'site' && row.site_id) siteIds = [row.site_id];
  else if (row.kind === 'oauth' && row.target === 'sites') {
    siteIds = (await ctx.db.selectFrom('authorization_sites').select('site_id').where('authorization_id', '=', row.authorization_id!).execute()).map((r) => r.site_id);
  } else if (row.kind === 'oauth') {
    siteIds = (await ctx.db.selectFrom('sites').select('id').where('workspace_id', '=', row.workspace_id).orderBy('created_at').execute()).map((r) => r.id);
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
  return answer;
}
