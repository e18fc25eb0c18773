import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.js';

/** Routes of the dashboard surface (being built). */
export function dashboardRoutes(_runtime: Runtime): FastifyPluginAsync {
  return async () => {};
}
