/**
 * A custom domain of a site (docs/webflow-wire.md, "Sites").
 *
 * @example
 * const { customDomains } = await client.sites.customDomains(siteId);
 * customDomains.map((d: Domain) => d.url);
 */
export interface Domain {
  id: string;
  url?: string;
  lastPublished?: string | null;
}

/**
 * A site locale (docs/webflow-wire.md, "Sites").
 *
 * @example
 * const primaryTag = site.locales?.primary?.tag; // e.g. 'en-US'
 */
export interface Locale {
  id?: string;
  cmsLocaleId?: string;
  enabled?: boolean;
  displayName?: string;
  displayImageId?: string | null;
  redirect?: boolean;
  subdirectory?: string;
  tag?: string;
}

/**
 * The site object (docs/webflow-wire.md, "Sites"). Only `id` is always present.
 *
 * @example
 * const site: Site = await client.sites.get(siteId);
 * console.log(site.displayName, site.previewUrl);
 */
export interface Site {
  id: string;
  workspaceId?: string;
  createdOn?: string;
  displayName?: string;
  shortName?: string;
  lastPublished?: string | null;
  lastUpdated?: string;
  previewUrl?: string;
  timeZone?: string;
  parentFolderId?: string | null;
  customDomains?: Domain[];
  locales?: { primary?: Locale; secondary?: Locale[] };
  dataCollectionEnabled?: boolean;
  dataCollectionType?: 'always' | 'optOut' | 'disabled';
}

/**
 * Body of `POST /v2/sites/{id}/publish`; both fields optional.
 *
 * @example
 * await client.sites.publish(siteId, { customDomains: [domainId], publishToWebflowSubdomain: true });
 */
export interface PublishSiteRequest {
  customDomains?: string[];
  publishToWebflowSubdomain?: boolean;
}

/**
 * The `202` answer of a publish.
 *
 * @example
 * const result: PublishSiteResult = await client.sites.publish(siteId, { publishToWebflowSubdomain: true });
 */
export interface PublishSiteResult {
  customDomains: Domain[];
  publishToWebflowSubdomain: boolean;
}
