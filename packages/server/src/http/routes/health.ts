import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseHandle } from '../../store/database.js';

/** `/healthz`: the process answers. `/readyz`: the database answers too. */
export function healthRoutes(database: DatabaseHandle): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
    app.get('/readyz', { logLevel: 'warn' }, async (_req, reply) => {
      const ok = await database.ping();
      reply.code(ok ? 200 : 503);
      return { status: ok ? 'ready' : 'unavailable', database: ok ? 'ok' : 'unreachable' };
    });
  };
}
