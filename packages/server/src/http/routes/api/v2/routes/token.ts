import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../../../runtime.js';
import type { DataApi } from '../index.js';
import { notFound } from '../api-error.js';
import { errorResponses } from '../schemas.js';
import { authorizationOwner } from '../../../../../platform/data-api/token-info.js';
import { listedSiteIds, listedSiteIdsNow } from '../../../../../platform/tokens/oauth-introspection.js';
import { fromMemoryOr, sendJson } from '../cached-bodies.js';
import { introspectionBody } from '../introspection-body.js';

const Introspection = Type.Object({
  authorization: Type.Object({
    id: Type.String(),
    createdOn: Type.String(),
    lastUsed: Type.Union([Type.String(), Type.Null()]),
    grantType: Type.String(),
    rateLimit: Type.Integer(),
    scope: Type.String({ description: "Comma-separated, as in Webflow's example" }),
    authorizedTo: Type.Object({ siteIds: Type.Array(Type.String()), workspaceIds: Type.Array(Type.String()), userIds: Type.Array(Type.String()) }),
  }),
  application: Type.Object({ id: Type.String(), description: Type.String(), homepage: Type.String(), displayName: Type.String() }),
});

const AuthorizedUser = Type.Object({ id: Type.String(), email: Type.String(), firstName: Type.String(), lastName: Type.String() });

/** docs/webflow-wire.md, "Token introspection and the authorizing user": the token endpoints; OAuth (Data Client) tokens only. */
export const tokenRoutes = (runtime: Runtime) => async (app: DataApi) => {
  app.get(
    '/token/introspect',
    {
      config: { dataApi: { scopes: [], tokenKinds: ['oauth'] } },
      schema: { summary: 'Get Authorization Info', tags: ['Token'], response: { 200: Introspection, ...errorResponses } },
    },
    (req, reply) => {
      const p = req.principal!;
      const send = (siteIds: string[]) => {
        const body = introspectionBody(p, siteIds, (info) => String(reply.serialize(info)));
        if (body === undefined) throw notFound('authorization');
        sendJson(reply, body);
      };
      return fromMemoryOr(listedSiteIdsNow(runtime.ctx, p), () => listedSiteIds(runtime.ctx, p), send);
    },
  );

  app.get(
    '/token/authorized_by',
    {
      config: { dataApi: { scopes: ['authorized_user:read'], tokenKinds: ['oauth'] } },
      schema: { summary: 'Get Authorization User Info', tags: ['Token'], response: { 200: AuthorizedUser, ...errorResponses } },
    },
    async (req) => {
      const user = await authorizationOwner(runtime.ctx, req.principal!);
      if (!user) throw notFound('user');
      return user;
    },
  );
};
