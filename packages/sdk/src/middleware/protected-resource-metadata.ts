// RFC 9728: the protected resource metadata a resource server publishes, and where.

/**
 * What the metadata document says beyond `resource` and `authorization_servers` (RFC 9728 §2).
 *
 * @example
 * const extra: ResourceMetadataFields = { resourceName: 'Sites over MCP', scopesSupported: ['sites:read'] };
 */
export interface ResourceMetadataFields {
  /** Issuers of the authorization servers. Default: the Gatehouse `baseUrl`, which is its RFC 8414 issuer. */
  authorizationServers?: string[];
  /** Scopes a client may ask for this resource (`scopes_supported`); MCP clients request these by default. */
  scopesSupported?: string[];
  /** Human-readable name (`resource_name`). */
  resourceName?: string;
  /** Where a developer reads about the resource (`resource_documentation`). */
  resourceDocumentation?: string;
}

/**
 * The document and the URLs it answers at.
 *
 * @example
 * const { metadataUrl, paths, document } = protectedResourceMetadata('https://mcp.example.com/mcp', 'https://gatehouse.example.com');
 */
export interface ProtectedResourceMetadata {
  /** The URL every challenge names (`resource_metadata`, RFC 9728 §5.1). */
  metadataUrl: string;
  /** Request paths the document is served at: the path-suffixed form of §3.1, then the bare one. */
  paths: string[];
  document: Record<string, unknown>;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * Builds the RFC 9728 §2 document for `resource` (an absolute URL without query or fragment, §1.2) and the
 * well-known URLs of §3.1: `https://host/mcp` is described at `https://host/.well-known/oauth-protected-resource/mcp`.
 *
 * @example
 * protectedResourceMetadata('https://mcp.example.com/mcp', 'https://gatehouse.example.com').metadataUrl;
 * // 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'
 */
export function protectedResourceMetadata(resource: string, gatehouseUrl: string, fields: ResourceMetadataFields = {}): ProtectedResourceMetadata {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new TypeError(`resource must be an absolute URL, got "${resource}"`);
  }
  if (url.search || url.hash || !/^https?:$/.test(url.protocol)) {
    throw new TypeError(`resource must be an http(s) URL without query or fragment (RFC 9728 §1.2), got "${resource}"`);
  }
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const suffixed = `${WELL_KNOWN}${path}`;
  const document: Record<string, unknown> = {
    resource,
    authorization_servers: fields.authorizationServers ?? [gatehouseUrl.replace(/\/$/, '')],
    bearer_methods_supported: ['header'],
  };
  if (fields.scopesSupported) document.scopes_supported = fields.scopesSupported;
  if (fields.resourceName !== undefined) document.resource_name = fields.resourceName;
  if (fields.resourceDocumentation !== undefined) document.resource_documentation = fields.resourceDocumentation;
  return { metadataUrl: `${url.origin}${suffixed}`, paths: path ? [suffixed, WELL_KNOWN] : [WELL_KNOWN], document };
}

/**
 * The answer to a request for the document, or `undefined` when the request is for something else.
 *
 * @example
 * const answer = metadataAnswer(metadata, req.method, req.url);
 * if (answer) res.writeHead(200, answer.headers).end(answer.body);
 */
export function metadataAnswer(
  metadata: ProtectedResourceMetadata,
  method: string | undefined,
  url: string | undefined,
): { headers: Record<string, string>; body: string } | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const path = (url ?? '').split('?')[0];
  if (path === undefined || !metadata.paths.includes(path)) return undefined;
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      // Browser-based MCP clients read the document cross-origin.
      'access-control-allow-origin': '*',
    },
    body: JSON.stringify(metadata.document),
  };
}
