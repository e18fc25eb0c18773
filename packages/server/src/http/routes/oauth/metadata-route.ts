import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../runtime.js';

/** RFC 8414 §2 authorization server metadata; `issuer` is PUBLIC_URL, which RFC 9207 `iss` repeats. */
export function metadataRoute(runtime: Runtime) {
  const issuer = runtime.config.publicUrl;
  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/access_token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    scopes_supported: runtime.config.catalogue.scopeNames,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    // Public clients always get refresh tokens (docs/oauth.md, "Public clients").
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: true,
    // docs/oauth.md, "Dynamic client registration".
    ...(runtime.config.clientRegistration.enabled ? { registration_endpoint: `${issuer}/oauth/register` } : {}),
    // docs/oauth.md, "Client ID Metadata Documents".
    ...(runtime.config.clientMetadataDocuments.enabled ? { client_id_metadata_document_supported: true } : {}),
  };
  return async (app: FastifyInstance) => {
    app.get('/.well-known/oauth-authorization-server', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return metadata;
    });
  };
}
