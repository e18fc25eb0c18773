import type { FastifyPluginAsync } from 'fastify';
import { apiReference } from './api-reference.js';
import { guidePages } from './guide-pages.js';

/** /docs (the user guides from docs/*.md) and /docs/api (the interactive API reference). */
export const docsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(apiReference);
  await app.register(guidePages());
};
