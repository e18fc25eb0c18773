import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.js';

/** Routes of the interaction surface (being built). */
export function interactionRoutes(_runtime: Runtime): FastifyPluginAsync {
  return async () => {};
}
