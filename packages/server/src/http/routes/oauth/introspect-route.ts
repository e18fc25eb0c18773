import type { FastifyInstance } from 'fastify';
import { readClientCredentials } from '../../../oauth/client-credentials.js';
import { readBodyParams, requireParam } from '../../../oauth/request-params.js';
import { authenticateOAuthClient } from '../../../platform/apps/oauth-clients.js';
import type { Runtime } from '../../../runtime.js';
import { sendJson } from '../api/v2/cached-bodies.js';
import { introspectionBody, introspectionBodyNow } from './introspection-body.js';
import { OAUTH_BODY_LIMIT, authorizationHeader } from './oauth-json.js';

/**
 * RFC 7662 §2: any client authenticated with its secret may introspect (resource servers are registered
 * as apps and must check tokens issued to other apps); an inactive token answers exactly `{"active":false}`.
 * When the client and the token are both in memory the answer is sent at once, with no promise.
 */
export function introspectRoute(runtime: Runtime) {
  const { ctx } = runtime;
  return async (app: FastifyInstance) => {
    app.post('/oauth/introspect', { bodyLimit: OAUTH_BODY_LIMIT }, (req, reply) => {
      const params = readBodyParams(req.body);
      const presented = readClientCredentials(authorizationHeader(req.headers), params);
      const token = requireParam(params, 'token');
      const client = authenticateOAuthClient(ctx, presented, { allowPublicWithoutSecret: false });
      const now = client instanceof Promise ? undefined : introspectionBodyNow(ctx, token);
      if (now !== undefined) {
        sendJson(reply, now);
        return;
      }
      return (async () => {
        await client;
        sendJson(reply, await introspectionBody(ctx, token));
      })();
    });
  };
}
