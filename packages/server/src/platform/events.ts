import { EventEmitter } from 'node:events';

/**
 * In-process notices that caches must hear at once (docs/design.md, "Grants, tokens and revocation": revocation is immediate on the node that
 * served it). A cross-node bridge (Redis or PostgreSQL) may republish them to other nodes.
 */
export interface RevokedNotice {
  tokenIds?: string[];
  authorizationIds?: string[];
  appIds?: string[];
}

/** Sites whose stored fields (name, domains, lastPublished…) changed; read caches drop them. */
export interface SitesChangedNotice {
  siteIds: string[];
}

interface EventMap {
  revoked: [RevokedNotice];
  'sites.changed': [SitesChangedNotice];
  'webhooks.due': [];
}

export class PlatformEvents extends EventEmitter<EventMap> {}
