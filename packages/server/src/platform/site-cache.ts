import type { PlatformContext } from './context.js';
import type { SitesChangedNotice } from './events.js';
import { getSite, type Site } from './sites.js';

/** How long a node serves a site it read without asking the database again. */
export const SITE_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Get Site is the Data API's hottest read. A node keeps what it read for SITE_CACHE_TTL_MS; every change
 * made through the platform on this node (rename, time zone, domains, publish) drops the entry at once,
 * and a change made on another node shows here within the TTL. A site's workspace never changes, so the
 * resource boundary (docs/design.md, "Surfaces") never depends on a cached value being fresh.
 */
export class SiteCache {
  private readonly entries = new Map<string, { site: Site; storedAt: number }>();
  private readonly onChanged = (notice: SitesChangedNotice) => {
    this.generation++;
    for (const id of notice.siteIds) this.entries.delete(id);
  };
  /** Bumped by every change notice: a read that began before one is returned but not kept. */
  generation = 0;

  constructor(private readonly ctx: PlatformContext) {
    ctx.events.on('sites.changed', this.onChanged);
  }

  /** The cached site when it is fresh, without reading the database (a shared object: do not mutate it). */
  peek(siteId: string, now = this.ctx.now().getTime()): Site | undefined {
    const hit = this.entries.get(siteId);
    return hit && now - hit.storedAt < SITE_CACHE_TTL_MS ? hit.site : undefined;
  }

  /** The site (a shared object: callers must not mutate it), or throws PlatformError not_found. */
  async get(siteId: string): Promise<Site> {
    const now = this.ctx.now().getTime();
    const fresh = this.peek(siteId, now);
    if (fresh) return fresh;
    const generation = this.generation;
    const site = await getSite(this.ctx, siteId);
    if (generation !== this.generation) return site;
    this.entries.delete(siteId);
    this.entries.set(siteId, { site, storedAt: now });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return site;
  }

  close(): void {
    this.ctx.events.off('sites.changed', this.onChanged);
    this.entries.clear();
  }
}

const caches = new WeakMap<PlatformContext, SiteCache>();

/** The node's site cache for this platform context (one per runtime). */
export function siteCacheOf(ctx: PlatformContext): SiteCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new SiteCache(ctx);
    caches.set(ctx, cache);
  }
  return cache;
}
