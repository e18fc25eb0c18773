import type { CachedSite } from '../caches/node-caches.js';
import type { PlatformContext } from '../context.js';
import { cachedSite, cachedWorkspaceSiteIds } from '../sites/site-cache.js';
import type { Site } from '../sites/sites.js';
import { reachesSite, type Principal } from '../tokens/token-lookup.js';

/**
 * docs/design.md, "Surfaces" resource boundary: the site when the token reaches it. A site that exists but lies outside the
 * token's authorization answers exactly like a missing one, so existence does not leak.
 */
export async function reachableSite(ctx: PlatformContext, p: Principal, siteId: string): Promise<Site | undefined> {
  return (await reachableCachedSite(ctx, p, siteId))?.site;
}

/** The same, as the cache holds it (with its serialised bodies). */
export async function reachableCachedSite(ctx: PlatformContext, p: Principal, siteId: string): Promise<CachedSite | undefined> {
  const cached = await cachedSite(ctx, siteId);
  return cached && reachesSite(p, cached.site) ? cached : undefined;
}

/** The ids of every site the token reaches, in List Sites order for a workspace authorization. */
export async function reachableSiteIds(ctx: PlatformContext, p: Principal): Promise<readonly string[]> {
  if (p.siteIds === null) return p.kind === 'oauth' ? cachedWorkspaceSiteIds(ctx, p.workspaceId) : [];
  return [...p.siteIds];
}

const oldestFirst = (a: CachedSite, b: CachedSite) =>
  a.site.createdOn < b.site.createdOn ? -1 : a.site.createdOn > b.site.createdOn ? 1 : a.site.id < b.site.id ? -1 : a.site.id > b.site.id ? 1 : 0;

/** Every site the token reaches (docs/webflow-wire.md, "Sites" List Sites: not paginated), oldest first, from the site cache. */
export async function reachableSites(ctx: PlatformContext, p: Principal): Promise<CachedSite[]> {
  const found = await Promise.all((await reachableSiteIds(ctx, p)).map((id) => reachableCachedSite(ctx, p, id)));
  return found.filter((s): s is CachedSite => s !== undefined).sort(oldestFirst);
}

/**
 * The same answers from memory alone, so a request whose data is all cached is served without a promise:
 * the cached site, `null` when it is cached and out of the token's reach (answered as missing), or
 * undefined when something must be read first (then ask reachableCachedSite).
 */
export function reachableCachedSiteNow(ctx: PlatformContext, p: Principal, siteId: string): CachedSite | null | undefined {
  const cached = ctx.caches.sites.get(siteId);
  if (!cached) return undefined;
  return reachesSite(p, cached.site) ? cached : null;
}

/** reachableSites from memory alone, or undefined when a site or a workspace's list must be read first. */
export function reachableSitesNow(ctx: PlatformContext, p: Principal): CachedSite[] | undefined {
  const ids = p.siteIds !== null ? p.siteIds : p.kind === 'oauth' ? ctx.caches.workspaceSites.get(p.workspaceId) : [];
  if (!ids) return undefined;
  const sites: CachedSite[] = [];
  for (const id of ids) {
    const cached = reachableCachedSiteNow(ctx, p, id);
    if (cached === undefined) return undefined;
    if (cached) sites.push(cached);
  }
  return sites.sort(oldestFirst);
}
