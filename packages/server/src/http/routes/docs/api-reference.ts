import { readFileSync } from 'node:fs';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const ASSETS = new URL('../../../../assets/', import.meta.url);

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3b3bd6"/><path d="M9 25V12l7-5 7 5v13h-5v-7h-4v7z" fill="#fff"/></svg>';

/** What Swagger UI starts with; assets/reference.js reads it and loads `/openapi.json`. */
const UI_SETTINGS = {
  ui: {
    docExpansion: 'list' as const,
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    // Tokens stay in the page's memory only; a reload forgets them.
    persistAuthorization: false,
    defaultModelsExpandDepth: 0,
  },
  oauth: { usePkceWithAuthorizationCodeGrant: true, scopeSeparator: ' ', appName: 'Gatehouse API reference' },
};

/**
 * Swagger UI's own CSP: its bundle and initializer are external scripts served from here, so
 * `script-src 'self'` holds as on every other page. It differs from the page headers in one way only:
 * `style-src` allows inline styles, which Swagger UI's React components set on elements.
 * `connect-src 'self'` is what lets "try it out" and the OAuth token exchange reach this origin.
 */
const REFERENCE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET /docs/api: the interactive reference, served with its bundled assets (no CDN), under Gatehouse's
 * header, reading `/openapi.json` (assets/reference.js). "Authorize" offers
 * a pasted bearer token (site, workspace or OAuth token) or the OAuth authorization-code flow with PKCE
 * for one of the user's apps; Swagger UI then sends that token with every "try it out".
 */
export async function apiReference(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs/api',
    staticCSP: REFERENCE_CSP,
    // Swagger UI's own start-up stays as the plugin makes it; reference.js, loaded after it, replaces it.
    uiConfig: UI_SETTINGS.ui,
    initOAuth: UI_SETTINGS.oauth,
    theme: {
      title: 'Gatehouse API reference',
      favicon: [{ filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: FAVICON }],
      css: [{ filename: 'reference.css', content: readFileSync(new URL('reference.css', ASSETS), 'utf8') }],
      js: [
        {
          filename: 'reference.js',
          content: `window.GATEHOUSE_REFERENCE = ${JSON.stringify(UI_SETTINGS)};\n${readFileSync(new URL('reference.js', ASSETS), 'utf8')}`,
        },
      ],
    },
    uiHooks: {
      onRequest: async (_req, reply) => {
        reply.header('x-frame-options', 'DENY');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-content-type-options', 'nosniff');
      },
    },
  });
}
