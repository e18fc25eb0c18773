import { EventEmitter } from 'node:events';

/**
 * In-process notices that caches must hear at once: revocation is immediate on the node that served it
 * (docs/deployment.md). Changes are written to the invalidation feed in the transaction that makes them
 * (platform/caches/invalidation-feed.ts); other nodes read the feed and emit the same notices locally.
 */
export interface RevokedNotice {
  tokenIds?: string[];
  authorizationIds?: string[];
  appIds?: string[];
  /** Webhooks deleted: a send of one under way is aborted. */
  webhookIds?: string[];
}

/** Sites whose stored fields (name, domains, lastPublished…), comments or webhooks changed; read caches drop them. */
export interface SitesChangedNotice {
  siteIds: string[];
  /** Workspaces whose list of sites changed (a site created or deleted). */
  workspaceIds?: string[];
}

interface EventMap {
  revoked: [RevokedNotice];
  'sites.changed': [SitesChangedNotice];
  'webhooks.due': [];
  /** This node is writing feed entry `seq` in a transaction not yet committed; it announces the entry itself. */
  'invalidations.writing': [seq: number];
  /** That transaction failed: entry `seq` was never committed (SQLite may give its number to the next entry). */
  'invalidations.undone': [seq: number];
  /** This node committed feed entry `seq`: other nodes may read it now. */
  'invalidations.appended': [seq: number];
}

export class PlatformEvents extends EventEmitter<EventMap> {}
