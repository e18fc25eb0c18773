/**
 * The domain's words: the values a workspace, membership, app, authorization, token and webhook delivery can take
 * (docs/design.md, "Domain"). Every layer uses them; they import nothing.
 */

export type Plan = 'starter' | 'basic' | 'cms' | 'ecommerce' | 'business' | 'enterprise';

export type Role = 'admin' | 'member';

/** Webflow's `SiteDataCollectionType`. */
export type DataCollectionType = 'always' | 'optOut' | 'disabled';

export type ClientType = 'confidential' | 'public';

export type AuthorizationTarget = 'workspace' | 'sites';

export type TokenKind = 'oauth' | 'site' | 'workspace';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
