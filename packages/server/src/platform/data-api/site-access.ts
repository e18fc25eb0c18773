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

/** A List Sites answer as last built for one reach: the cache entries it was made from, in id order, and the sorted result. */
interface ListedSites {
  readonly looked: readonly (CachedSite | null)[];
  readonly sorted: readonly CachedSite[];
}

/**
 * The last List Sites answer per reach: keyed by the principal's own site set, or by the workspace's
 * cached id list (one array per load, shared by the workspace's authorizations, which all reach the same
 * sites). It is reused while every site lookup returns the very entries it was made from, so a changed,
 * expired or invalidated site (a new cache entry) or a reloaded list rebuilds it: it can never outlive
 * the caches it was read from.
 */
const listedByReach = new WeakMap<object, ListedSites>();

/** reachableSites from memory alone, or undefined when a site or a workspace's list must be read first. */
export function reachableSitesNow(ctx: PlatformContext, p: Principal): readonly CachedSite[] | undefined {
  const ids = p.siteIds !== null ? p.siteIds : p.kind === 'oauth' ? ctx.caches.workspaceSites.get(p.workspaceId) : [];
  if (!ids) return undefined;
  const last = listedByReach.get(ids);
  const looked: (CachedSite | null)[] = [];
  let same = last !== undefined;
  for (const id of ids) {
    const cached = reachableCachedSiteNow(ctx, p, id);
    if (cached === undefined) return undefined;
    if (same && last!.looked[looked.length] !== cached) same = false;
    looked.push(cached);
  }
  if (same && last!.looked.length === looked.length) return last!.sorted;
  const sorted = looked.filter((s): s is CachedSite => s !== null).sort(oldestFirst);
  listedByReach.set(ids, { looked, sorted });
  return sorted;
}
