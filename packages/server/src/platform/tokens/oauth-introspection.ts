import { digest } from '../../crypto/tokens.js';
import type { PlatformContext } from '../context.js';
import { cachedWorkspaceSiteIds } from '../sites/site-cache.js';
import { isPrincipalExpired, type Principal } from './token-lookup.js';
import { principalFor } from './token-resolver.js';

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

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** listedSiteIds from memory alone, or undefined when a workspace's list of sites must be read first. */
export function listedSiteIdsNow(ctx: PlatformContext, p: Principal): string[] | undefined {
  if (p.siteIds !== null) return [...p.siteIds];
  if (p.kind !== 'oauth') return [];
  const ids = ctx.caches.workspaceSites.get(p.workspaceId);
  return ids && [...ids];
}

/** The sites a principal reaches, listed: a workspace authorization lists the workspace's sites today. */
export async function listedSiteIds(ctx: PlatformContext, p: Principal): Promise<string[]> {
  if (p.siteIds !== null) return [...p.siteIds];
  return p.kind === 'oauth' ? [...(await cachedWorkspaceSiteIds(ctx, p.workspaceId))] : [];
}

/** RFC 7662 §2.2, rendered from a live principal. */
export async function introspectionOf(ctx: PlatformContext, p: Principal): Promise<ActiveIntrospection> {
  const answer: ActiveIntrospection = {
    active: true,
    scope: p.scope,
    token_type: 'bearer',
    iat: seconds(p.createdAt),
    site_ids: await listedSiteIds(ctx, p),
    workspace_ids: [p.workspaceId],
    gatehouse_token_kind: p.kind,
  };
  if (p.app) answer.client_id = p.app.clientId;
  if (p.expiresAt) answer.exp = seconds(p.expiresAt);
  if (p.userId) answer.sub = p.userId;
  if (p.authorizationId) answer.authorization_id = p.authorizationId;
  if (p.resource) answer.aud = p.resource;
  return answer;
}

/**
 * RFC 7662 §2.2: what an access token is good for, or undefined when it is unknown, revoked, expired
 * (by time or by 365 days unused), or its authorization was revoked. Any Gatehouse access token may be
 * introspected: OAuth, site or workspace. Resolved by the one token resolver, through the token cache.
 */
export async function introspectToken(ctx: PlatformContext, token: string): Promise<ActiveIntrospection | undefined> {
  if (token.length > 200) return undefined;
  const p = await principalFor(ctx, digest(token));
  if (!p || isPrincipalExpired(p, ctx.now().getTime())) return undefined;
  return introspectionOf(ctx, p);
}
