/** The Data API as an RFC 9728 protected resource: its identifier, where its metadata lives, and the document. */
export interface ProtectedResource {
  /** The resource identifier (RFC 9728 §1.2), the value of `resource` on authorize and token requests (RFC 8707). */
  resource: string;
  /** The path-suffixed metadata URL of RFC 9728 §3.1, which every challenge names. */
  metadataUrl: string;
  metadata: Record<string, unknown>;
}

export const DATA_API_PATH = '/v2';
export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** RFC 9728 §2: `/v2` at PUBLIC_URL, whose authorization server is this Gatehouse (docs/mcp.md, "Gatehouse's own API"). */
export function dataApiProtectedResource(publicUrl: string, scopesSupported: readonly string[]): ProtectedResource {
  const resource = `${publicUrl}${DATA_API_PATH}`;
  return {
    resource,
    metadataUrl: `${publicUrl}${PROTECTED_RESOURCE_WELL_KNOWN}${DATA_API_PATH}`,
    metadata: {
      resource,
      authorization_servers: [publicUrl],
      scopes_supported: scopesSupported,
      bearer_methods_supported: ['header'],
      resource_name: 'Data API',
      resource_documentation: `${publicUrl}/docs/data-api`,
    },
  };
}
