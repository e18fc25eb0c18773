import { readFileSync } from 'node:fs';
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
