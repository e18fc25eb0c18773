import express, { type Express } from 'express';
import { GatehouseClient } from '@gatehouse/sdk';
import type { ExampleConfig } from './config.js';
import { authRoutes } from './routes/auth-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { SessionStore } from './session-store.js';
import { errorPage } from './views/pages.js';

/**
 * Builds the example app without listening, so that tests can mount it anywhere.
 * `fetch` replaces the SDK's HTTP client (tests use it to fake Gatehouse).
 */
export function createExampleApp(config: ExampleConfig, options: { fetch?: typeof globalThis.fetch } = {}): Express {
  const gatehouse = new GatehouseClient({
    baseUrl: config.gatehouseUrl,
    ...(config.authorizeUrl && { authorizeBaseUrl: config.authorizeUrl }),
    ...(config.apiUrl && { apiBaseUrl: config.apiUrl }),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(options.fetch && { fetch: options.fetch }),
  });
  const sessions = new SessionStore(new URL(config.redirectUri).protocol === 'https:');
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: '4kb' }));
  app.use(authRoutes({ gatehouse, config, sessions, issuer: config.authorizeUrl ?? config.gatehouseUrl }));
  app.use(dashboardRoutes({ gatehouse, sessions }));
  app.use((_req: express.Request, res: express.Response) => res.status(404).send(errorPage('Not found', 'There is no such page.')));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(err);
    res.status(500).send(errorPage('Something went wrong', 'The example app failed; see its console.'));
  });
  return app;
}
