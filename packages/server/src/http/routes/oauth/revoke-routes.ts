import type { FastifyInstance } from 'fastify';
import { readClientCredentials } from '../../../oauth/client-credentials.js';
import { InvalidToken } from '../../../oauth/errors.js';
import { readBodyParams, requireParam } from '../../../oauth/request-params.js';
import { authenticateOAuthClient } from '../../../platform/apps/oauth-clients.js';
import { revokeAuthorizationByToken, revokeTokenRfc7009 } from '../../../platform/oauth-storage/oauth-revocation.js';
import type { Runtime } from '../../../runtime.js';
import { OAUTH_BODY_LIMIT, authorizationHeader } from './oauth-json.js';

export function revokeRoutes(runtime: Runtime) {
  const { ctx } = runtime;
  return async (app: FastifyInstance) => {
    // docs/webflow-wire.md, "Revoking an authorization": JSON or form {client_id, client_secret, access_token} → {"did_revoke": true}.
    app.post('/oauth/revoke_authorization', { bodyLimit: OAUTH_BODY_LIMIT }, async (req) => {
      const params = readBodyParams(req.body);
      const presented = readClientCredentials(authorizationHeader(req.headers), params);
      const accessToken = requireParam(params, 'access_token');
      const client = await authenticateOAuthClient(ctx, presented, { allowPublicWithoutSecret: false });
      if (!(await revokeAuthorizationByToken(ctx, client.appId, accessToken))) {
        throw new InvalidToken('The access token is unknown, already revoked, or was not issued to this client.');
      }
      return { did_revoke: true };
    });

    // RFC 7009 §2.1–2.2: 200 with an empty body, even for an unknown token; public clients send client_id only.
    app.post('/oauth/revoke', { bodyLimit: OAUTH_BODY_LIMIT }, async (req, reply) => {
      const params = readBodyParams(req.body);
      const presented = readClientCredentials(authorizationHeader(req.headers), params);
      const token = requireParam(params, 'token');
      const client = await authenticateOAuthClient(ctx, presented, { allowPublicWithoutSecret: true });
      await revokeTokenRfc7009(ctx, client.appId, token, params.token_type_hint);
      return reply.code(200).send();
    });
  };
}
