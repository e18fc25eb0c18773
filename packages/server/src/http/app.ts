import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config/config.js';
import type { Runtime } from '../runtime.js';
import { classifyFrameworkError } from './framework-errors.js';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';
import { loggerOptions } from './logging.js';
import { terminalLogDestination, usesTerminalLog } from './terminal-log.js';
import { registerOpenApi } from './openapi.js';
import { requestId } from './request-id.js';
import { sessionPlugin } from './plugins/session.js';
import { dataApiRoutes } from './routes/api/v2/index.js';
import { getSiteFastLane, type FastLane } from './routes/api/v2/get-site-fast-lane.js';
import { docsRoutes } from './routes/docs/index.js';
import { assetRoutes } from './routes/assets.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { healthRoutes } from './routes/health.js';
import { interactionRoutes } from './routes/interaction/index.js';
import { loginRoutes } from './routes/login.js';
import { oauthRoutes } from './routes/oauth/index.js';

export interface BuildOptions {
  /** Override the logger (tests pass a stream to capture lines, or false). */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the Gatehouse HTTP app; never listens, so tests use `app.inject()`. */
export async function buildApp(runtime: Runtime, options: BuildOptions = {}): Promise<FastifyInstance> {
  let fastLane: FastLane | undefined;
  let fastifyHandler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const app = Fastify({
    // The server Fastify would make (its timeouts included), with the Data API fast lane in front of it.
    serverFactory: (handler, opts) => {
      const timeouts = opts as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
      fastifyHandler = handler;
      const server = createServer((req, res) => {
        if (!fastLane?.(req, res)) handler(req, res);
      });
      server.keepAliveTimeout = timeouts.keepAliveTimeout;
      server.requestTimeout = timeouts.requestTimeout;
      server.setTimeout(timeouts.connectionTimeout);
      return server;
    },
    logger: options.logger ?? loggerOptions(runtime.config.logLevel, usesTerminalLog(runtime.config.host) ? terminalLogDestination(runtime.config.logLevel) : undefined),
    genReqId: requestId,
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: 256 * 1024,
    trustProxy: fastifyTrustProxy(runtime.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    forceCloseConnections: 'idle',
  });

  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  // Fallback for errors no surface handled: 4xx keep their status and say why; anything else is a 500
  // whose detail stays in the log.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const failure = classifyFrameworkError(err);
    if (failure.kind === 'fault') {
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ error: 'internal_error', message: 'An internal error occurred' });
    }
    return reply.code(failure.status).send({ error: 'bad_request', message: failure.message });
  });

  await app.register(cookie);
  await app.register(formbody);
  await registerOpenApi(app, runtime); // before any route: it collects them with an onRoute hook
  await app.register(sessionPlugin(runtime));
  await app.register(assetRoutes);
  await app.register(healthRoutes(runtime.database));
  await app.register(loginRoutes(runtime));
  await app.register(oauthRoutes(runtime));
  await app.register(interactionRoutes(runtime));
  await app.register(dashboardRoutes(runtime));
  await app.register(dataApiRoutes(runtime));
  await app.register(docsRoutes(runtime.config.publicUrl));

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastLane = getSiteFastLane(runtime, app.log, () => closing, (req, res) => fastifyHandler!(req, res));
  return app;
}

/** Fastify takes a hop count too, though its types do not say so: as a function it is the same rule. */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
