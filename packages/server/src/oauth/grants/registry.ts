import { InvalidRequest, UnsupportedGrantType } from '../errors.js';
import type { Grant } from './types.js';

/** RFC 6749 §4.1.3 / §6: the grants a token endpoint serves, keyed by `grant_type`. */
export function pickGrant(grants: ReadonlyMap<string, Grant>, params: Record<string, string>): Grant {
  const type = params.grant_type;
  if (type === undefined) throw new InvalidRequest('The grant_type parameter is missing.');
  const grant = grants.get(type);
  if (!grant) throw new UnsupportedGrantType(`grant_type ${/^[a-z_:.\-/0-9]{1,80}$/i.test(type) ? `"${type}" ` : ''}is not supported.`);
  return grant;
}
