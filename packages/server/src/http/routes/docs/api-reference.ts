import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * Swagger UI's own CSP: its bundle and initializer are external scripts served from here, so
 * `script-src 'self'` holds as on every other page. It differs from the page headers in one way only:
 * `style-src` allows inline styles, which Swagger UI's React components set on elements.
 * `connect-src 'self'` is what lets "try it out" and the OAuth token exchange reach this origin.
 */
const REFERENCE_CSP = [
  "default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "script-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * GET /docs/api: the interactive reference, served with its bundled assets (no CDN). "Authorize" offers
 * a pasted bearer token (site, workspace or OAuth token) or the OAuth authorization-code flow with PKCE
 * for one of the user's apps; Swagger UI then sends that token with every "try it out".
 */
export async function apiReference(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs/api',
    staticCSP: REFERENCE_CSP,
    uiConfig: {
      docExpansion: 'list',
      deepLinking: true,
      tryItOutEnabled: true,
      displayRequestDuration: true,
      // Tokens stay in the page's memory only; a reload forgets them.
      persistAuthorization: false,
      defaultModelsExpandDepth: 0,
    },
    initOAuth: { usePkceWithAuthorizationCodeGrant: true, scopeSeparator: ' ', appName: 'Gatehouse API reference' },
    theme: { title: 'Gatehouse API reference' },
    uiHooks: {
      onRequest: async (_req, reply) => {
        reply.header('x-frame-options', 'DENY');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-content-type-options', 'nosniff');
      },
    },
  });
}
