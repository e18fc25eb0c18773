// RFC 6750 §3: the WWW-Authenticate challenge and error body of a protected resource.

/**
 * Why a request was refused (RFC 6750 §3.1 error codes).
 *
 * @example
 * const code: BearerErrorCode = 'insufficient_scope';
 */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/**
 * A refusal ready to send: status, headers and a JSON body.
 *
 * @example
 * res.writeHead(refusal.status, refusal.headers).end(JSON.stringify(refusal.body));
 */
export interface BearerRefusal {
  status: number;
  headers: Record<string, string>;
  body: { error?: string; error_description: string; scope?: string };
}

const STATUS: Record<BearerErrorCode, number> = { invalid_request: 400, invalid_token: 401, insufficient_scope: 403 };

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Builds an RFC 6750 refusal. Without an error code it is the bare `401` challenge of §3.1 for a
 * request that carried no token at all. With `resourceMetadataUrl` the challenge names the resource's
 * RFC 9728 metadata (§5.1), which is how an MCP client that knows only the URL finds its authorization server.
 *
 * @example
 * bearerRefusal('api', 'insufficient_scope', 'Missing scope', ['sites:read']);
 * // 403, WWW-Authenticate: Bearer realm="api", error="insufficient_scope", error_description="…", scope="sites:read"
 */
export function bearerRefusal(
  realm: string,
  error: BearerErrorCode | undefined,
  description: string,
  scopes: readonly string[] = [],
  resourceMetadataUrl?: string,
): BearerRefusal {
  const params = [`realm=${quoted(realm)}`];
  if (resourceMetadataUrl !== undefined) params.push(`resource_metadata=${quoted(resourceMetadataUrl)}`);
  if (error) params.push(`error=${quoted(error)}`, `error_description=${quoted(description)}`);
  if (scopes.length > 0) params.push(`scope=${quoted(scopes.join(' '))}`);
  const body: BearerRefusal['body'] = { error_description: description };
  if (error) body.error = error;
  if (error === 'insufficient_scope') body.scope = scopes.join(' ');
  return {
    status: error ? STATUS[error] : 401,
    headers: { 'www-authenticate': `Bearer ${params.join(', ')}`, 'cache-control': 'no-store' },
    body,
  };
}

/**
 * A `503` for when the introspection endpoint cannot be reached: the token is neither accepted
 * nor called invalid.
 *
 * @example
 * return unavailableRefusal();
 */
export function unavailableRefusal(): BearerRefusal {
  return {
    status: 503,
    headers: { 'retry-after': '1', 'cache-control': 'no-store' },
    body: { error: 'temporarily_unavailable', error_description: 'The token could not be checked; try again' },
  };
}
