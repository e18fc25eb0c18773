import type { FastifyPluginAsync } from 'fastify';
import { apiReference } from './api-reference.js';
import { guidePages, loadGuides } from './guide-pages.js';

/** /docs (the user guides from docs/*.md, showing this server's `publicUrl`) and /docs/api (the interactive API reference). */
export function docsRoutes(publicUrl: string): FastifyPluginAsync {
  return async (app) => {
    await app.register(apiReference);
    await app.register(guidePages(() => loadGuides(undefined, publicUrl)));
  };
}
