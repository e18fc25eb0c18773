// RFC 6750 §3 with RFC 9728 §5.1: the one place every Data API `WWW-Authenticate: Bearer` challenge is spelled.

/** What a refusal tells the client: an RFC 6750 §3.1 error code, and on `insufficient_scope` the scopes to step up to. */
export interface BearerChallenge {
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  scope?: readonly string[];
}

export const REALM = 'gatehouse';

/**
 * The challenge header value. Every one names the resource's RFC 9728 metadata document, so a client holding only the
 * API's URL finds its authorization server from the first 401 (RFC 9728 §5.1, the MCP authorization profile).
 */
export function bearerChallengeHeader(resourceMetadataUrl: string, challenge: BearerChallenge): string {
  const params = [`realm="${REALM}"`, `resource_metadata="${resourceMetadataUrl}"`];
  if (challenge.error) params.push(`error="${challenge.error}"`);
  if (challenge.scope && challenge.scope.length > 0) params.push(`scope="${challenge.scope.join(' ')}"`);
  return `Bearer ${params.join(', ')}`;
}
