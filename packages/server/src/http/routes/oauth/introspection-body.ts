import type { PlatformContext } from '../../../platform/context.js';
import {
  introspectedPrincipal,
  introspectedPrincipalNow,
  introspectionOf,
  reachedSites,
  reachedSitesNow,
} from '../../../platform/tokens/oauth-introspection.js';
import type { Principal } from '../../../platform/tokens/token-lookup.js';

/** RFC 7662 §2.2: an inactive token is answered with exactly this. */
const INACTIVE = '{"active":false}';

const bodies = new WeakMap<Principal, { sites: Iterable<string>; body: string }>();

/**
 * An active token's RFC 7662 §2.2 body, serialised once per cached principal and the sites it reaches
 * (docs/design.md, "Caches"): nothing in it changes from one request to the next (the last use is not
 * part of it, and expiry is judged before). A changed token, authorization or app is a new principal, and
 * a changed list of a workspace's sites is a new list in the sites cache, so no body outlives what it says.
 */
function activeBody(p: Principal, sites: Iterable<string>): string {
  let made = bodies.get(p);
  if (made?.sites !== sites) bodies.set(p, (made = { sites, body: JSON.stringify(introspectionOf(p, sites)) }));
  return made.body;
}

/** The introspection body of `token` from memory alone, or undefined when something must be read first. */
export function introspectionBodyNow(ctx: PlatformContext, token: string): string | undefined {
  const p = introspectedPrincipalNow(ctx, token);
  if (p === undefined) return undefined;
  if (p === null) return INACTIVE;
  const sites = reachedSitesNow(ctx, p);
  return sites && activeBody(p, sites);
}

/** The introspection body of `token`, reading what is not in memory. */
export async function introspectionBody(ctx: PlatformContext, token: string): Promise<string> {
  const p = await introspectedPrincipal(ctx, token);
  return p ? activeBody(p, await reachedSites(ctx, p)) : INACTIVE;
}
