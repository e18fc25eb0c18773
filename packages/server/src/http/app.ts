import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config/config.js';
import type { Catalogue } from '../oauth/scopes.js';
import type { Runtime } from '../runtime.js';
import { markUnavailable } from './dependency-unavailable.js';
import { sendNotFound } from './not-found.js';
import { classifyFrameworkError } from './framework-errors.js';
import { AccessLog } from './access-log.js';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';
import { stdoutLogDestination } from './log-destination.js';
import { loggerOptions } from './logging.js';
import { terminalLogDestination, usesTerminalLog } from './terminal-log.js';
import { registerOpenApi } from './openapi.js';
import { requestId } from './request-id.js';
import { sessionPlugin } from './plugins/session.js';
import { adminApiRoutes } from './routes/admin/index.js';
import { dataApiRoutes } from './routes/api/v2/index.js';
import { docsRoutes } from './routes/docs/index.js';
import { assetRoutes } from './routes/assets.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { healthRoutes } from './routes/health.js';
import { interactionRoutes } from './routes/interaction/index.js';
import { loginRoutes } from './routes/login.js';
import { upstreamLoginRoutes } from './routes/upstream-login.js';
import { twoFactorLoginRoutes } from './routes/two-factor-login.js';
import { accountLinkRoutes } from './routes/account-link-routes.js';
import { devOutboxRoute } from './routes/dev-outbox-route.js';
import { invitationRoutes } from './routes/invitation-routes.js';
import { oauthRoutes } from './routes/oauth/index.js';

/** How long the request line and headers may take to arrive (capped by the whole-request timeout). */
const HEADERS_TIMEOUT_MS = 10_000;

export interface BuildOptions {
  /** Override the logger (tests pass a stream to capture lines, or false). */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the Gatehouse HTTP app; never listens, so tests use `app.inject()`. */
export async function buildApp(runtime: Runtime, options: BuildOptions = {}): Promise<FastifyInstance> {
  const requestTimeout = runtime.config.timeouts.httpRequestMs;
  const app = Fastify({
    // Fastify builds its own server. A whole request, body included, must arrive within
    // HTTP_REQUEST_TIMEOUT_MS, or the connection is answered 408 and closed; Node checks every second
    // (its default, 30 s, would let a trickle linger), and the headers alone get HEADERS_TIMEOUT_MS.
    http: { headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval: Math.min(1_000, requestTimeout) },
    requestTimeout,
    // While draining (main.ts) requests still arriving on open connections are served, not refused.
    return503OnClosing: false,
    logger:
      options.logger ??
      loggerOptions(runtime.config.logLevel, usesTerminalLog(runtime.config.host) ? terminalLogDestination(runtime.config.logLevel) : stdoutLogDestination()),
    logController: new AccessLog(),
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
    // Draining before a shutdown: each connection is closed after its current answer, so clients move on.
    if (runtime.lifecycle.draining) reply.header('connection', 'close');
    done();
  });

  // Fallback for errors no surface handled: 4xx keep their status and say why; anything else is a 500
  // whose detail stays in the log.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const failure = classifyFrameworkError(err);
    if (failure.kind === 'unavailable')
      return markUnavailable(reply).send({ error: 'service_unavailable', message: 'The database cannot be reached; try again shortly' });
    if (failure.kind === 'fault') {
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ error: 'internal_error', message: 'An internal error occurred' });
    }
    return reply.code(failure.status).send({ error: 'bad_request', message: failure.message });
  });

  // The catalogue of this app (docs/own-api.md): every page surface reads its words from here.
  app.decorate('catalogue', runtime.config.catalogue);
  app.setNotFoundHandler(sendNotFound);

  await app.register(formbody);
  await registerOpenApi(app, runtime); // before any route: it collects them with an onRoute hook
  await app.register(assetRoutes);
  await app.register(healthRoutes(runtime));
  // Cookies and sessions belong to the pages people sign in to, and exist only in their scope: the JSON
  // APIs (OAuth, Data API, admin) read and set no cookie, so their requests run no cookie hooks.
  await app.register(async (pages) => {
    await pages.register(cookie);
    await pages.register(sessionPlugin(runtime));
    await pages.register(loginRoutes(runtime));
    await pages.register(upstreamLoginRoutes(runtime));
    await pages.register(twoFactorLoginRoutes(runtime));
    await pages.register(accountLinkRoutes(runtime));
    await pages.register(invitationRoutes(runtime));
    await pages.register(devOutboxRoute(runtime));
    await pages.register(interactionRoutes(runtime));
    await pages.register(dashboardRoutes(runtime));
  });
  await app.register(oauthRoutes(runtime));
  // docs/own-api.md, "What is served": Webflow's Data API belongs to Webflow's catalogue; with the product's own, the product serves its API.
  const webflowDataApi = runtime.config.catalogue.webflowDataApi;
  if (webflowDataApi) await app.register(dataApiRoutes(runtime));
  await app.register(adminApiRoutes(runtime));
  await app.register(docsRoutes(runtime.config.publicUrl));

  runtime.log.use(app.log);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    catalogue: Catalogue;
  }
}

/** Fastify takes a hop count too, though its types do not say so: as a function it is the same rule. */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
