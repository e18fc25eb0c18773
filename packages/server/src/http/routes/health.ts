import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../runtime.js';

/**
 * `/healthz`: the process answers. `/readyz`: the node wants traffic — it is not draining before a
 * shutdown, and the database answers within the readiness deadline (docs/deployment.md, probes).
 */
export function healthRoutes(runtime: Pick<Runtime, 'database' | 'lifecycle'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
    app.get('/readyz', { logLevel: 'warn' }, async (_req, reply) => {
      if (runtime.lifecycle.draining) return reply.code(503).send({ status: 'draining' });
      const ok = await runtime.database.ping();
      reply.code(ok ? 200 : 503);
      return { status: ok ? 'ready' : 'unavailable', database: ok ? 'ok' : 'unreachable' };
    });
  };
}
