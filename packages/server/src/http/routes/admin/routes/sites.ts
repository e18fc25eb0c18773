import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { findSiteByRef } from '../../../../platform/admin/admin-directory.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import { deleteSite } from '../../../../platform/sites/site-deletion.js';
import { createSite, listSites, updateSite } from '../../../../platform/sites/sites.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { IdempotencyHeaders, PageQuery, Ref, Site, pageOf, problemResponses } from '../schemas.js';

const NewSite = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    shortName: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

const SiteChanges = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

const SiteDeletion = Type.Object({
  siteId: Type.String(),
  revokedTokenIds: Type.Array(Type.String()),
  revokedAuthorizationIds: Type.Array(Type.String()),
  removedWebhookIds: Type.Array(Type.String()),
});

/**
 * Sites, the resources apps are installed onto, as the product's own objects come and go (docs/admin-api.md,
 * "Sites"). A rename or deletion reaches the consent picker, tokens and introspection at once: the platform
 * functions announce it to every cache (docs/deployment.md, "Revocation across nodes").
 */
export const siteRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  const SiteParams = Type.Object({ site: Ref });

  app.get(
    '/workspaces/:workspace/sites',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the sites of a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('sites', Site), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const page = pageOfList(await listSites(ctx, { workspaceIds: [workspace.id] }), req.query, (s) => ({ createdAt: s.createdOn, id: s.id }));
      return { sites: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/workspaces/:workspace/sites',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Create a site',
        tags,
        params: Type.Object({ workspace: Ref }),
        headers: IdempotencyHeaders,
        body: NewSite,
        response: { 201: Type.Object({ site: Site }), ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const workspace = await getWorkspace(ctx, req.params.workspace);
        return { site: await createSite(ctx, { workspaceId: workspace.id, ...req.body, actor: adminKeyActor(req.adminKey!) }) };
      }),
  );

  app.get(
    '/sites/:site',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: { summary: 'Get a site', tags, params: SiteParams, response: { 200: Type.Object({ site: Site }), ...problemResponses } },
    },
    async (req) => ({ site: await findSiteByRef(ctx, req.params.site) }),
  );

  app.patch(
    '/sites/:site',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: { summary: 'Rename a site', tags, params: SiteParams, body: SiteChanges, response: { 200: Type.Object({ site: Site }), ...problemResponses } },
    },
    async (req) => {
      const site = await findSiteByRef(ctx, req.params.site);
      return { site: await updateSite(ctx, site.id, req.body, adminKeyActor(req.adminKey!)) };
    },
  );

  app.delete(
    '/sites/:site',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Delete a site',
        description: 'Its site tokens, webhooks and the authorizations that reach only it end in the same transaction.',
        tags,
        params: SiteParams,
        response: { 200: Type.Object({ deleted: SiteDeletion }), ...problemResponses },
      },
    },
    async (req) => {
      const site = await findSiteByRef(ctx, req.params.site);
      return { deleted: await deleteSite(ctx, site.id, adminKeyActor(req.adminKey!)) };
    },
  );
};
