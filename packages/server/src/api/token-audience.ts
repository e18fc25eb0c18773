import { audienceAllows } from '../oauth/resource-indicator.js';
import { dataApiResourceUri } from '../platform/protected-resources.js';
import type { Principal } from '../platform/token-lookup.js';

/**
 * docs/oauth.md, "Resources and audiences": the Data API's audience check, one step of /v2 admission.
 * A token bound to another protected resource is refused here (RFC 8707 §2, RFC 6750 §3.1
 * `invalid_token`); tokens bound to `/v2`, and tokens bound to nothing (all tokens before resources
 * existed, site and workspace tokens), are accepted.
 */
export function isForDataApi(principal: Pick<Principal, 'resource'>, publicUrl: string): boolean {
  return audienceAllows(principal.resource, dataApiResourceUri(publicUrl), true);
}
