import type { PlatformContext } from '../platform/context.js';
import { PlatformError } from '../platform/errors.js';
import { siteCacheOf } from '../platform/site-cache.js';
import { listSites, type Site } from '../platform/sites.js';
import { reachesSite, type Principal } from '../platform/token-lookup.js';

/**
 * docs/design.md, "Surfaces" resource boundary: the site when the token reaches it. A site that exists but lies outside the
 * token's authorization answers exactly like a missing one, so existence does not leak.
 */
export async function reachableSite(ctx: PlatformContext, p: Principal, siteId: string): Promise<Site | undefined> {
  try {
    const site = await siteCacheOf(ctx).get(siteId);
    return reachesSite(p, site) ? site : undefined;
  } catch (err) {
    if (err instanceof PlatformError && err.code === 'not_found') return undefined;
    throw err;
  }
}

/** Every site the token reaches (docs/webflow-wire.md, "Sites" List Sites: not paginated). */
export async function reachableSites(ctx: PlatformContext, p: Principal): Promise<Site[]> {
  if (p.siteIds === null) return p.kind === 'oauth' ? listSites(ctx, { workspaceIds: [p.workspaceId] }) : [];
  return listSites(ctx, { workspaceIds: [p.workspaceId], siteIds: [...p.siteIds] });
}
