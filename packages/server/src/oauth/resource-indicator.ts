import { InvalidScope, InvalidTarget } from './errors.js';

/** A resource server tokens may be bound to (RFC 8707 §2; docs/oauth.md, "Resources and audiences"). */
export interface ProtectedResource {
  uri: string;
  name: string;
  /** The scopes it accepts; a token bound to it may carry only these. */
  scopes: readonly string[];
}

/** RFC 8707 §2: an absolute URI without a fragment; Gatehouse takes http(s) only. */
export function isResourceUri(value: string): boolean {
  if (value.length > 2048 || value.includes('#')) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * RFC 8707 §2 on the authorize request: the named resource must be a registered one, and every scope
 * asked for must be one it accepts. No `resource` keeps the request as before (tokens for `/v2`).
 */
export function checkRequestedResource(
  resource: string | undefined,
  scopes: readonly string[],
  registered: ReadonlyMap<string, ProtectedResource>,
): ProtectedResource | null {
  if (resource === undefined) return null;
  if (!isResourceUri(resource)) throw new InvalidTarget('resource must be an absolute http(s) URI without a fragment.');
  const found = registered.get(resource);
  if (!found) throw new InvalidTarget('resource is not a protected resource registered with this server.');
  const refused = scopes.filter((s) => !found.scopes.includes(s));
  if (refused.length > 0) throw new InvalidScope(`${found.name} does not accept: ${refused.join(', ')}`);
  return found;
}

/**
 * RFC 8707 §2 on the token request: a grant is bound to the resource consented to; a token request may
 * repeat it or leave it out, but may not name another.
 */
export function checkGrantResource(sent: string | undefined, bound: string | null): void {
  if (sent === undefined || sent === bound) return;
  throw new InvalidTarget(
    bound === null ? 'This grant is not bound to a resource; send no resource parameter.' : 'resource must be the one the authorization was granted for.',
  );
}

/**
 * docs/oauth.md, "Resources and audiences": the audience check every resource server makes. A token
 * bound to a resource is good only there; an unbound token is good only where unbound tokens are
 * accepted (Gatehouse's own `/v2`).
 */
export function audienceAllows(tokenResource: string | null, resourceUri: string, acceptsUnbound: boolean): boolean {
  return tokenResource === null ? acceptsUnbound : tokenResource === resourceUri;
}
