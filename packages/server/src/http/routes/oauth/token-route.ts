import type { FastifyInstance } from 'fastify';
import { readClientCredentials } from '../../../oauth/client-credentials.js';
import { authorizationCodeGrant } from '../../../oauth/grants/authorization-code.js';
import { refreshTokenGrant } from '../../../oauth/grants/refresh-token.js';
import { pickGrant } from '../../../oauth/grants/registry.js';
import type { Grant } from '../../../oauth/grants/types.js';
import { readBodyParams } from '../../../oauth/request-params.js';
import { authenticateOAuthClient } from '../../../platform/apps/oauth-clients.js';
import { codeGrantStore } from '../../../platform/oauth-storage/oauth-codes.js';
import { refreshGrantStore } from '../../../platform/oauth-storage/oauth-refresh.js';
import type { TokenPolicy } from '../../../platform/oauth-storage/oauth-tokens.js';
import { tokenPolicies } from '../../../platform/tokens/token-policies.js';
import type { Runtime } from '../../../runtime.js';
import { OAUTH_BODY_LIMIT, authorizationHeader } from './oauth-json.js';

/**
 * docs/webflow-wire.md, "Token exchange" `POST /oauth/access_token` (alias `/oauth/token`, the OpenAPI tokenUrl): RFC 6749
 * §4.1.3 and, when REFRESH_TOKENS is on, §6.
 */
export function tokenRoutes(runtime: Runtime) {
  const { ctx, config } = runtime;
  // One grant table per client type: each type's token policy (platform/tokens/token-policies.ts) decides its grants.
  const grantsFor = (policy: TokenPolicy) => {
    const grants = new Map<string, Grant>([['authorization_code', authorizationCodeGrant(codeGrantStore(ctx, policy), ctx.now)]]);
    if (policy.refreshTokens) grants.set('refresh_token', refreshTokenGrant(refreshGrantStore(ctx, policy)));
    return grants;
  };
  const policies = tokenPolicies(config);
  const grantTables = { confidential: grantsFor(policies.confidential), public: grantsFor(policies.public) };
  const known = new Map([...grantTables.confidential, ...grantTables.public]);

  return async (app: FastifyInstance) => {
    for (const url of ['/oauth/access_token', '/oauth/token']) {
      app.post(url, { bodyLimit: OAUTH_BODY_LIMIT }, async (req) => {
        const params = readBodyParams(req.body);
        const presented = readClientCredentials(authorizationHeader(req.headers), params);
        pickGrant(known, params);
        const client = await authenticateOAuthClient(ctx, presented, { allowPublicWithoutSecret: true });
        const issued = await pickGrant(grantTables[client.clientType], params)(client, params);
        return {
          access_token: issued.accessToken,
          token_type: 'bearer',
          scope: issued.scope,
          ...(issued.expiresIn !== undefined ? { expires_in: issued.expiresIn } : {}),
          ...(issued.refreshToken !== undefined ? { refresh_token: issued.refreshToken } : {}),
        };
      });
    }
  };
}
