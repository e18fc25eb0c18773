import type { FastifyInstance } from 'fastify';
import { readClientCredentials } from '../../../oauth/client-credentials.js';
import { readBodyParams, requireParam } from '../../../oauth/request-params.js';
import { authenticateOAuthClient } from '../../../platform/apps/oauth-clients.js';
import { introspectToken } from '../../../platform/tokens/oauth-introspection.js';
import type { Runtime } from '../../../runtime.js';
import { OAUTH_BODY_LIMIT, authorizationHeader } from './oauth-json.js';

/**
 * RFC 7662 §2: any client authenticated with its secret may introspect (resource servers are registered
 * as apps and must check tokens issued to other apps); an inactive token answers exactly `{"active":false}`.
 */
export function introspectRoute(runtime: Runtime) {
  const { ctx } = runtime;
  return async (app: FastifyInstance) => {
    app.post('/oauth/introspect', { bodyLimit: OAUTH_BODY_LIMIT }, async (req) => {
      const params = readBodyParams(req.body);
      const presented = readClientCredentials(authorizationHeader(req.headers), params);
      const token = requireParam(params, 'token');
      await authenticateOAuthClient(ctx, presented, { allowPublicWithoutSecret: false });
      return (await introspectToken(ctx, token)) ?? { active: false };
    });
  };
}
