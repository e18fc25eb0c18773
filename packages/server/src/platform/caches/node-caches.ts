import type { AuthenticatedClient } from '../../oauth/grants/types.js';
import type { PlatformEvents, RevokedNotice, SitesChangedNotice } from './events.js';
import type { Site } from '../sites/sites.js';
import type { Principal } from '../tokens/token-lookup.js';
import { BoundedCache } from './bounded-cache.js';

/** How many entries each cache may hold (docs/configuration.md, `*_CACHE_SIZE`). */
export interface CacheSizes {
  tokens: number;
  sites: number;
  clients: number;
  lists: number;
}

/** How long each cache trusts an entry; notices drop entries sooner (docs/design.md, "Caches"). */
export const CACHE_TTL_MS = { tokens: 30_000, sites: 5_000, clients: 5_000, lists: 5_000 } as const;

/** A cached site, with room for its serialised bodies: made once per cached object by the HTTP layer. */
export interface CachedSite {
  site: Site;
  body?: string;
  domainsBody?: string;
}

/** A client authentication that succeeded (RFC 6749 §2.3.1): only the digest of the secret is kept. */
export interface CachedClient {
  client: AuthenticatedClient;
  secretDigest: Buffer;
  /** For a previous secret during a rotation's overlap: when it stops working (epoch ms); null for the current secret. */
  validUntilMs: number | null;
}

/**
 * Every node-local read cache, built once by the composition root (runtime.ts) and closed with it. Each is
 * a BoundedCache; the notices of platform/caches/events.ts reach them here and nowhere else.
 */
export interface NodeCaches {
  /** Token digest → principal (platform/tokens/token-resolver.ts); tags: token, authorization, app. */
  tokens: BoundedCache<Principal>;
  /** Site id → site; key = the site id. */
  sites: BoundedCache<CachedSite>;
  /** Workspace id → its site ids in List Sites order; tag: workspace. */
  workspaceSites: BoundedCache<readonly string[]>;
  /** Secret slot and client id → last successful authentication with that secret; tag: app. */
  clients: BoundedCache<CachedClient>;
  /**
   * Serialised list bodies (comment threads, webhooks) by request; tags: `site:` (dropped by a change
   * notice for the site), and `webhooks` (dropped by every revocation, which may end webhooks).
   */
  bodies: BoundedCache<string>;
  close(): void;
}

export interface NodeCacheOptions {
  sizes: CacheSizes;
  ttlMs?: Partial<Record<keyof typeof CACHE_TTL_MS, number>>;
  now: () => number;
}

const revokedTags = (n: RevokedNotice): string[] => [
  ...(n.tokenIds ?? []).map((id) => `token:${id}`),
  ...(n.authorizationIds ?? []).map((id) => `authorization:${id}`),
  ...(n.appIds ?? []).map((id) => `app:${id}`),
];

export function createNodeCaches(events: PlatformEvents, options: NodeCacheOptions): NodeCaches {
  const make = <V>(name: keyof typeof CACHE_TTL_MS, maxEntries: number) =>
    new BoundedCache<V>({ maxEntries, ttlMs: options.ttlMs?.[name] ?? CACHE_TTL_MS[name], now: options.now });
  const tokens = make<Principal>('tokens', options.sizes.tokens);
  const sites = make<CachedSite>('sites', options.sizes.sites);
  const workspaceSites = make<readonly string[]>('lists', options.sizes.lists);
  const clients = make<CachedClient>('clients', options.sizes.clients);
  const bodies = make<string>('lists', options.sizes.lists);

  const onRevoked = (notice: RevokedNotice) => {
    const tags = revokedTags(notice);
    tokens.invalidateTags(tags);
    clients.invalidateTags(tags);
    bodies.invalidateTags(['webhooks']);
  };
  const onSitesChanged = (notice: SitesChangedNotice) => {
    sites.invalidateKeys(notice.siteIds);
    bodies.invalidateTags(notice.siteIds.map((id) => `site:${id}`));
    workspaceSites.invalidateTags((notice.workspaceIds ?? []).map((id) => `workspace:${id}`));
  };
  events.on('revoked', onRevoked);
  events.on('sites.changed', onSitesChanged);
  return {
    tokens,
    sites,
    workspaceSites,
    clients,
    bodies,
    close() {
      events.off('revoked', onRevoked);
      events.off('sites.changed', onSitesChanged);
      for (const cache of [tokens, sites, workspaceSites, clients, bodies]) cache.clear();
    },
  };
}
