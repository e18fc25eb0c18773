import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.js';
import { limitPerAddress } from './address-limit.js';
import { authorizeRoute } from './authorize-route.js';
import { consentRoutes } from './consent-routes.js';

/** The browser side of the authorization server: authorize, resume after login, consent. */
export function interactionRoutes(runtime: Runtime): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', limitPerAddress(runtime));
    await app.register(authorizeRoute(runtime));
    await app.register(consentRoutes(runtime));
  };
}
