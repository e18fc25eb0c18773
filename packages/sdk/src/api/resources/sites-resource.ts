import type { ResolvedOptions } from '../../options.js';
import { dataApiRequest, v2Path } from '../data-api-request.js';
import type { Domain, PublishSiteRequest, PublishSiteResult, Site } from '../types/site.js';

/**
 * `/v2/sites` (docs/webflow-wire.md, "Sites"): reading needs `sites:read`, publishing `sites:write`.
 *
 * @example
 * const { sites } = await client.sites.list();
 */
export class SitesResource {
  constructor(private readonly options: ResolvedOptions) {}

  /**
   * `GET /v2/sites`: every site the token reaches (not paginated).
   *
   * @example
   * const { sites } = await client.sites.list();
   */
  list(): Promise<{ sites: Site[] }> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites`);
  }

  /**
   * `GET /v2/sites/{siteId}`.
   *
   * @example
   * const site = await client.sites.get('0123456789abcdef01234567');
   */
  get(siteId: string): Promise<Site> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}`);
  }

  /**
   * `GET /v2/sites/{siteId}/custom_domains`.
   *
   * @example
   * const { customDomains } = await client.sites.customDomains(siteId);
   */
  customDomains(siteId: string): Promise<{ customDomains: Domain[] }> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}/custom_domains`);
  }

  /**
   * `POST /v2/sites/{siteId}/publish` (answers 202; one publish per minute per site).
   *
   * @example
   * await client.sites.publish(siteId, { publishToWebflowSubdomain: true });
   */
  publish(siteId: string, request: PublishSiteRequest = {}): Promise<PublishSiteResult> {
    return dataApiRequest(this.options, 'POST', v2Path`/sites/${siteId}/publish`, { json: request });
  }
}
