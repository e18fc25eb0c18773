import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.js';
import { introspectRoute } from './introspect-route.js';
import { metadataRoute } from './metadata-route.js';
import { asOAuthJsonSurface } from './oauth-json.js';
import { registrationRoutes } from './registration-routes.js';
import { revokeRoutes } from './revoke-routes.js';
import { tokenRoutes } from './token-route.js';

/** The authorization server's JSON endpoints (docs/design.md, "Surfaces"); the browser-facing authorize lives in routes/interaction. */
export function oauthRoutes(runtime: Runtime): FastifyPluginAsync {
  return async (app) => {
    await app.register(async (json) => {
      asOAuthJsonSurface(json);
      await json.register(tokenRoutes(runtime));
      await json.register(revokeRoutes(runtime));
      await json.register(introspectRoute(runtime));
      await json.register(registrationRoutes(runtime));
    });
    await app.register(metadataRoute(runtime));
  };
}
