import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import { getAuthorizedApp, listAuthorizedApps, revokeAuthorization } from '../../../../platform/authorization/authorized-apps.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import type { AdminApi } from '../index.js';
import { Authorization, Id, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

/** Apps users installed (docs/admin-api.md, "Authorizations"); revoking one ends its tokens, as an uninstall does. */
export const authorizationRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  app.get(
    '/workspaces/:workspace/authorizations',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the live authorizations of a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('authorizations', Authorization), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const page = pageOfList(await listAuthorizedApps(ctx, { workspaceId: workspace.id }), req.query, (a) => ({ createdAt: a.createdOn, id: a.id }));
      return { authorizations: page.items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/authorizations/:authorization_id',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'Get an authorization',
        tags,
        params: Type.Object({ authorization_id: Id }),
        response: { 200: Type.Object({ authorization: Authorization }), ...problemResponses },
      },
    },
    async (req) => ({ authorization: await getAuthorizedApp(ctx, req.params.authorization_id) }),
  );

  app.delete(
    '/authorizations/:authorization_id',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Revoke an authorization',
        tags,
        params: Type.Object({ authorization_id: Id }),
        response: { 200: Type.Object({ id: Type.String(), revoked: Type.Boolean() }), ...problemResponses },
      },
    },
    async (req) => {
      const found = await getAuthorizedApp(ctx, req.params.authorization_id);
      return { id: found.id, revoked: await revokeAuthorization(ctx, found.id, adminKeyActor(req.adminKey!)) };
    },
  );
};
