import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.js';

/** Routes of the oauth surface (being built). */
export function oauthRoutes(_runtime: Runtime): FastifyPluginAsync {
  return async () => {};
}
