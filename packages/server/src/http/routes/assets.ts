import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

// Resolved from the package root so it works from src/ (tests) and dist/ (built) alike.
const ASSETS = new URL('../../../assets/', import.meta.url);

/** Serves Gatehouse's own CSS, the product's logo and the consent screen's enhancement script (no external CDN, docs/design.md, "Quality bars"). */
export const assetRoutes: FastifyPluginAsync = async (app) => {
  const css = readFileSync(new URL('app.css', ASSETS), 'utf8');
  app.get('/assets/app.css', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8');
    return css;
  });
  const consentScript = readFileSync(new URL('consent.js', ASSETS), 'utf8');
  app.get('/assets/consent.js', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8');
    return consentScript;
  });
  // Passkey ceremonies (docs/dashboard.md, "Two-factor sign-in"): SimpleWebAuthn's browser bundle, served from here under `script-src 'self'`.
  // The package exports no path to its bundle, so it is found beside the package's CommonJS entry.
  const webauthnEntry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  const webauthnBundle = readFileSync(new URL('../dist/bundle/index.umd.min.js', pathToFileURL(webauthnEntry)), 'utf8');
  const passkeyScript = readFileSync(new URL('passkeys.js', ASSETS), 'utf8');
  for (const [path, body] of [
    ['/assets/simplewebauthn-browser.js', webauthnBundle],
    ['/assets/passkeys.js', passkeyScript],
  ] as const) {
    app.get(path, async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8');
      return body;
    });
  }
  // docs/own-api.md, "product": the configured logo. An SVG opened on its own must not run script in this origin.
  const logo = app.catalogue.logo;
  if (logo) {
    app.get('/assets/logo', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      reply.header('x-content-type-options', 'nosniff').type(logo.contentType);
      return logo.bytes;
    });
  }
};
