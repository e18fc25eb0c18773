import type { TokenKind } from '../store/schema.js';
import { isInactiveSince } from './api-tokens.js';
import type { PlatformContext } from './context.js';
import { rateLimitForPlan } from './workspaces.js';

/**
 * What a bearer token may do, resolved from its digest. Plain data, so it can be cached and compared
 * against revocation notices (tokenId, authorizationId, appId).
 */
export interface Principal {
  tokenId: string;
  kind: TokenKind;
  scopes: ReadonlySet<string>;
  workspaceId: string;
  /** Sites the token reaches; null means every site of `workspaceId`, including sites created later. */
  siteIds: ReadonlySet<string> | null;
  /** Whether the token reaches the workspace itself (workspace authorizations and workspace tokens). */
  reachesWorkspace: boolean;
  authorizationId: string | null;
  appId: string | null;
  /** RFC 8707 resource an OAuth token is bound to; null for tokens meant for `/v2` (docs/oauth.md, "Resources and audiences"). */
  resource: string | null;
  /** The authorizing user (OAuth) or the token's creator (site/workspace tokens). */
  userId: string | null;
  rateLimit: number;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** `expiresAt` and the last use (or the creation) as epoch ms: judged on every request, so parsed once. */
  expiresAtMs: number | null;
  activeAtMs: number;
}

/** RFC 6750 §3.1 invalid_token: unknown, revoked or expired. Judged on every request, also from cache. */
export function isPrincipalExpired(p: Principal, now: Date): boolean {
  const nowMs = now.getTime();
  if (p.expiresAtMs !== null && p.expiresAtMs <= nowMs) return true;
  return isInactiveSince(p.kind, p.activeAtMs, nowMs);
}

/** Loads the live principal for a token digest, or undefined when the token is unknown or revoked. */
export async function lookupPrincipal(ctx: PlatformContext, tokenDigest: string): Promise<Principal | undefined> {
  const row = await ctx.db
    .selectFrom('access_tokens as t')
    .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
    .leftJoin('authorizations as a', 'a.id', 't.authorization_id')
    .select([
      't.id', 't.kind', 't.scopes', 't.workspace_id', 't.site_id', 't.authorization_id', 't.app_id', 't.created_by',
      't.created_at', 't.last_used_at', 't.expires_at', 't.revoked_at', 'w.plan', 'w.api_rate_limit',
      'a.target', 'a.user_id', 'a.revoked_at as authorization_revoked_at', 'a.workspace_id as authorization_workspace_id', 'a.resource',
    ])
    .where('t.digest', '=', tokenDigest)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  let siteIds: Set<string> | null = new Set<string>();
  let reachesWorkspace = row.kind === 'workspace';
  if (row.kind === 'site' && row.site_id) siteIds = new Set([row.site_id]);
  if (row.kind === 'oauth') {
    if (!row.authorization_id || row.target === null || row.authorization_revoked_at !== null) return undefined;
    if (row.target === 'workspace') {
      siteIds = null;
      reachesWorkspace = true;
    } else {
      const sites = await ctx.db.selectFrom('authorization_sites').select('site_id').where('authorization_id', '=', row.authorization_id).execute();
      siteIds = new Set(sites.map((s) => s.site_id));
    }
  }
  return {
    tokenId: row.id,
    kind: row.kind,
    scopes: new Set(row.scopes.split(/[\s,]+/).filter(Boolean)),
    workspaceId: row.authorization_workspace_id ?? row.workspace_id,
    siteIds,
    reachesWorkspace,
    authorizationId: row.authorization_id,
    appId: row.app_id,
    resource: row.resource ?? null,
    userId: row.kind === 'oauth' ? row.user_id : row.created_by,
    rateLimit: row.api_rate_limit ?? rateLimitForPlan(row.plan),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    expiresAtMs: row.expires_at === null ? null : Date.parse(row.expires_at),
    activeAtMs: Date.parse(row.last_used_at ?? row.created_at),
  };
}

/** Resource boundary (docs/design.md, "Surfaces"): a token reaches only the sites its authorization covers. */
export function reachesSite(p: Principal, site: { id: string; workspaceId: string }): boolean {
  if (site.workspaceId !== p.workspaceId) return false;
  return p.siteIds === null ? p.kind === 'oauth' : p.siteIds.has(site.id);
}
