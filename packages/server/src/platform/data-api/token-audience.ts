import { audienceAllows } from '../../oauth/resource-indicator.js';
import { dataApiResourceUri } from '../authorization/protected-resources.js';
import type { Config } from '../../config/config.js';
import type { Principal } from '../tokens/token-lookup.js';

/**
 * docs/oauth.md, "Resources and audiences": the Data API's audience check, one step of /v2 admission.
 * A token bound to another protected resource is refused here (RFC 8707 §2, RFC 6750 §3.1
 * `invalid_token`); tokens bound to `/v2`, and tokens bound to nothing (all tokens before resources
 * existed, site and workspace tokens), are accepted. So are tokens bound to a resource the deployment
 * names in `DATA_API_FRONT_RESOURCES`: a server that acts for its users through the Data API, such as
 * an MCP server over the user's sites (docs/mcp.md, "The example: examples/mcp-sites").
 */
export function isForDataApi(principal: Pick<Principal, 'resource'>, config: Pick<Config, 'publicUrl' | 'dataApiFrontResources'>): boolean {
  if (principal.resource !== null && config.dataApiFrontResources.includes(principal.resource)) return true;
  return audienceAllows(principal.resource, dataApiResourceUri(config.publicUrl), true);
}
