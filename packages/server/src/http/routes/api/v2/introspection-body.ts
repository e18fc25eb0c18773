import type { Principal } from '../../../../platform/tokens/token-lookup.js';
import { describeAuthorization } from '../../../../platform/data-api/token-info.js';

/** The introspect body around its `lastUsed`, made for one principal and the sites it lists. */
interface IntrospectionParts {
  readonly siteIds: readonly string[];
  readonly head: string;
  readonly tail: string;
}

const LAST_USED_UNSET = '"lastUsed":null';
const partsOf = new WeakMap<Principal, IntrospectionParts>();

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The Get Authorization Info body (docs/webflow-wire.md, "Token introspection and the authorizing
 * user"), serialised once per cached principal and list of sites (docs/design.md, "Caches"): every use
 * of the token moves its `lastUsed` (platform/tokens/last-used.ts), so that value alone is written per
 * request, between the serialised parts before and after it. A changed token, authorization or app is a
 * new principal, and a changed list of sites makes new parts, so no body outlives what it describes.
 * Undefined for a principal that describes no authorization.
 */
export function introspectionBody(p: Principal, siteIds: readonly string[], serialize: (info: object) => string): string | undefined {
  let parts = partsOf.get(p);
  if (!parts || !sameIds(parts.siteIds, siteIds)) {
    const info = describeAuthorization({ ...p, lastUsedAt: null }, [...siteIds]);
    if (!info) return undefined;
    const body = serialize(info);
    const at = body.indexOf(LAST_USED_UNSET);
    if (at < 0) throw new Error('the introspect response schema lost its lastUsed');
    parts = { siteIds, head: body.slice(0, at), tail: body.slice(at + LAST_USED_UNSET.length) };
    partsOf.set(p, parts);
  }
  return `${parts.head}"lastUsed":${JSON.stringify(p.lastUsedAt)}${parts.tail}`;
}
