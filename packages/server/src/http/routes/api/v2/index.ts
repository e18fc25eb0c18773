import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../../runtime.js';

/** The Data API v2 (being built). */
export function dataApiRoutes(_runtime: Runtime): FastifyPluginAsync {
  return async () => {};
}
