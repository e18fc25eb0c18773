import type { CachedSite } from '../platform/caches/node-caches.js';
import type { PlatformContext } from '../platform/context.js';
import { cachedSite, cachedWorkspaceSiteIds } from '../platform/site-cache.js';
import type { Site } from '../platform/sites.js';
import { reachesSite, type Principal } from '../platform/token-lookup.js';

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

/** Every site the token reaches (docs/webflow-wire.md, "Sites" List Sites: not paginated), oldest first, from the site cache. */
export async function reachableSites(ctx: PlatformContext, p: Principal): Promise<CachedSite[]> {
  const found = await Promise.all((await reachableSiteIds(ctx, p)).map((id) => reachableCachedSite(ctx, p, id)));
  const sites = found.filter((s): s is CachedSite => s !== undefined);
  return sites.sort((a, b) =>
    a.site.createdOn < b.site.createdOn ? -1 : a.site.createdOn > b.site.createdOn ? 1 : a.site.id < b.site.id ? -1 : a.site.id > b.site.id ? 1 : 0,
  );
}
