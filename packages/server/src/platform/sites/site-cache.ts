import { CACHE_TTL_MS, type CachedSite } from '../caches/node-caches.js';
import type { PlatformContext } from '../context.js';
import { PlatformError } from '../errors.js';
import { getSite, listSiteIdsOfWorkspace } from './sites.js';

/** How long a node serves a site it read without asking the database again. */
export const SITE_CACHE_TTL_MS = CACHE_TTL_MS.sites;

/**
 * Get Site is the Data API's hottest read. A node keeps what it read for SITE_CACHE_TTL_MS; every change
 * made through the platform on this node (rename, time zone, domains, publish) drops the entry at once,
 * and a change made on another node shows here within the TTL. A site's workspace never changes, so the
 * resource boundary (docs/design.md, "Surfaces") never depends on a cached value being fresh.
 *
 * The cached site, or undefined when there is no such site (a shared object: callers must not mutate it).
 */
export async function cachedSite(ctx: PlatformContext, siteId: string): Promise<CachedSite | undefined> {
  return ctx.caches.sites.getOrLoad(siteId, async () => {
    try {
      return { value: { site: await getSite(ctx, siteId) }, tags: [] };
    } catch (err) {
      if (err instanceof PlatformError && err.code === 'not_found') return undefined;
      throw err;
    }
  });
}

/** A workspace's site ids in List Sites order, cached until a site is created or deleted there. */
export async function cachedWorkspaceSiteIds(ctx: PlatformContext, workspaceId: string): Promise<readonly string[]> {
  const ids = await ctx.caches.workspaceSites.getOrLoad(workspaceId, async () => ({
    value: await listSiteIdsOfWorkspace(ctx, workspaceId),
    tags: [`workspace:${workspaceId}`],
  }));
  return ids ?? [];
}
