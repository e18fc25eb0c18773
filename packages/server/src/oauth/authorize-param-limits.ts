import { InvalidRequest } from './errors.js';
import type { QueryParams } from './query-params.js';

/**
 * The longest value, in bytes after percent-decoding, that the authorize endpoint takes for each of
 * its parameters (docs/oauth.md, "Limits"). Real clients send far less; the caps keep an
 * anonymous request from parking kilobytes of someone else's data.
 */
export const AUTHORIZE_PARAM_LIMITS = {
  client_id: 255,
  redirect_uri: 2048,
  response_type: 64,
  scope: 1024,
  state: 1024,
  code_challenge: 128,
  code_challenge_method: 16,
  resource: 2048,
} as const;

type Limited = keyof typeof AUTHORIZE_PARAM_LIMITS;

/** RFC 6749 §4.1.2.1: an over-long parameter is a malformed request, `invalid_request`. */
export function overLimit(params: QueryParams, names: readonly Limited[]): InvalidRequest | undefined {
  const name = names.find((n) => params.longest(n) > AUTHORIZE_PARAM_LIMITS[n]);
  return name ? new InvalidRequest(`The ${name} parameter is longer than ${AUTHORIZE_PARAM_LIMITS[name]} bytes.`) : undefined;
}

/** The parameters checked once the redirect URI is known to be registered, so a failure can go back to the client. */
export const REDIRECTABLE_LIMITED: readonly Limited[] = ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'resource'];
