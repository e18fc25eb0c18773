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

/** The sites a principal reaches as held in memory (its own set, or its workspace's cached list), or undefined when that list must be read first. */
export function reachedSitesNow(ctx: PlatformContext, p: Principal): Iterable<string> | undefined {
  if (p.siteIds !== null) return p.siteIds;
  return p.kind === 'oauth' ? ctx.caches.workspaceSites.get(p.workspaceId) : NO_SITES;
}

/** The sites a principal reaches, read when they are not in memory. */
export async function reachedSites(ctx: PlatformContext, p: Principal): Promise<Iterable<string>> {
  return reachedSitesNow(ctx, p) ?? cachedWorkspaceSiteIds(ctx, p.workspaceId);
}

const NO_SITES: readonly string[] = [];

/** listedSiteIds from memory alone, or undefined when a workspace's list of sites must be read first. */
export function listedSiteIdsNow(ctx: PlatformContext, p: Principal): string[] | undefined {
  const sites = reachedSitesNow(ctx, p);
  return sites && [...sites];
}

/** The sites a principal reaches, listed: a workspace authorization lists the workspace's sites today. */
export async function listedSiteIds(ctx: PlatformContext, p: Principal): Promise<string[]> {
  return [...(await reachedSites(ctx, p))];
}

/** RFC 7662 §2.2, rendered from a live principal and the sites it reaches. */
export function introspectionOf(p: Principal, sites: Iterable<string>): ActiveIntrospection {
  const answer: ActiveIntrospection = {
    active: true,
    scope: p.scope,
    token_type: 'bearer',
    iat: seconds(p.createdAt),
    site_ids: [...sites],
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

/** No Gatehouse token is this long: such a value is inactive without being hashed. */
const MAX_TOKEN_LENGTH = 200;

/**
 * RFC 7662 §2.2: the principal of an active access token, or null when the token is unknown, revoked,
 * expired (by time or by 365 days unused), or its authorization was revoked. Any Gatehouse access token
 * may be introspected: OAuth, site or workspace. Resolved by the one token resolver, through the token
 * cache; undefined when the token is not in that cache (introspectedPrincipal then reads it).
 */
export function introspectedPrincipalNow(ctx: PlatformContext, token: string): Principal | null | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const p = ctx.caches.tokens.get(digest(token));
  return p && liveOrNull(ctx, p);
}

/** introspectedPrincipalNow, reading the token when it is not in memory. */
export async function introspectedPrincipal(ctx: PlatformContext, token: string): Promise<Principal | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const p = await principalFor(ctx, digest(token));
  return p ? liveOrNull(ctx, p) : null;
}

const liveOrNull = (ctx: PlatformContext, p: Principal): Principal | null => (isPrincipalExpired(p, ctx.now().getTime()) ? null : p);

/** RFC 7662 §2.2: what an access token is good for, or undefined when it is inactive (introspectedPrincipal). */
export async function introspectToken(ctx: PlatformContext, token: string): Promise<ActiveIntrospection | undefined> {
  const p = await introspectedPrincipal(ctx, token);
  return p ? introspectionOf(p, await reachedSites(ctx, p)) : undefined;
}
