import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../../../../runtime.js';
import { reachableSite } from '../../../../../platform/data-api/site-access.js';
import { siteActivityKinds, toSiteActivityItem } from '../../../../../platform/data-api/site-activity-log.js';
import { sitePlanOf } from '../../../../../platform/data-api/site-plan.js';
import { userDirectory } from '../../../../../platform/data-api/user-directory.js';
import { reachableWorkspace } from '../../../../../platform/data-api/workspace-access.js';
import { listAuditEvents } from '../../../../../platform/audit/audit.js';
import { deleteSite } from '../../../../../platform/sites/site-deletion.js';
import { createSite, updateSite } from '../../../../../platform/sites/sites.js';
import type { Plan } from '../../../../../domain.js';
import type { DataApi } from '../index.js';
import { ApiError, notFound } from '../api-error.js';
import { ObjectId, PageQuery, Pagination, Site, errorResponses } from '../schemas.js';

const SiteParams = Type.Object({ site_id: ObjectId });
const FolderId = Type.Union([ObjectId, Type.Null()]);
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    templateName: Type.Optional(Type.String({ maxLength: 100, description: 'Accepted and ignored: Gatehouse has no templates' })),
    parentFolderId: Type.Optional(FolderId),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    parentFolderId: Type.Optional(FolderId),
  },
  { additionalProperties: false },
);
const SitePlan = Type.Object({ id: Type.String(), name: Type.String() });
const ActivityItem = Type.Object({
  id: Type.String(),
  createdOn: Type.String(),
  lastUpdated: Type.String(),
  event: Type.Optional(Type.String()),
  resourceOperation: Type.String(),
  user: Type.Optional(Type.Object({ id: Type.String(), displayName: Type.String() })),
  resourceId: Type.Optional(Type.String()),
  resourceName: Type.Optional(Type.String()),
  newValue: Type.Optional(Type.String()),
  previousValue: Type.Optional(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

const ENTERPRISE_ONLY = 'Enterprise only, as on Webflow: other plans answer 403 `not_enterprise_plan_site` (or `_workspace` on create).';

/** docs/webflow-wire.md, "Sites" "Other site endpoints": create, update and delete (Enterprise), plan, activity logs. */
export const siteAdminRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;
  const planOf = async (workspaceId: string): Promise<Plan> =>
    (await ctx.db.selectFrom('workspaces').select('plan').where('id', '=', workspaceId).executeTakeFirstOrThrow()).plan;
  const siteOr404 = async (req: FastifyRequest, siteId: string) => {
    const site = await reachableSite(ctx, req.principal!, siteId);
    if (!site) throw notFound('site');
    return site;
  };
  const enterpriseSite = async (req: FastifyRequest, siteId: string) => {
    const site = await siteOr404(req, siteId);
    if ((await planOf(site.workspaceId)) !== 'enterprise') throw new ApiError('not_enterprise_plan_site');
    return site;
  };

  // The parameter is named as on the audit-log route: the router keeps one name per path position.
  app.post(
    '/workspaces/:workspace_id_or_slug/sites',
    {
      config: { dataApi: { scopes: ['workspace:write'] } },
      schema: {
        summary: 'Create Site',
        description: ENTERPRISE_ONLY,
        tags: ['Sites'],
        params: Type.Object({ workspace_id_or_slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }),
        body: CreateBody,
        response: { 201: Site, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ws = await reachableWorkspace(ctx, req.principal!, req.params.workspace_id_or_slug);
      if (!ws) throw notFound('workspace');
      if (ws.plan !== 'enterprise') throw new ApiError('not_enterprise_plan_workspace');
      const site = await createSite(ctx, { workspaceId: ws.id, displayName: req.body.name, parentFolderId: req.body.parentFolderId ?? null });
      return reply.code(201).send(site);
    },
  );

  app.patch(
    '/sites/:site_id',
    {
      config: { dataApi: { scopes: ['sites:write'] } },
      schema: {
        summary: 'Update Site',
        description: ENTERPRISE_ONLY,
        tags: ['Sites'],
        params: SiteParams,
        body: UpdateBody,
        response: { 200: Site, ...errorResponses },
      },
    },
    async (req) => {
      const site = await enterpriseSite(req, req.params.site_id);
      return updateSite(ctx, site.id, { displayName: req.body.name, parentFolderId: req.body.parentFolderId });
    },
  );

  app.delete(
    '/sites/:site_id',
    {
      config: { dataApi: { scopes: ['sites:write'] } },
      schema: {
        summary: 'Delete Site',
        description: `${ENTERPRISE_ONLY} Ends the site's tokens, webhooks and the authorizations that reached only this site.`,
        tags: ['Sites'],
        params: SiteParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const site = await enterpriseSite(req, req.params.site_id);
      await deleteSite(ctx, site.id, null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sites/:site_id/plan',
    {
      config: { dataApi: { scopes: ['sites:read'] } },
      schema: { summary: 'Get Site Plan', tags: ['Sites'], params: SiteParams, response: { 200: SitePlan, ...errorResponses } },
    },
    async (req) => sitePlanOf(await planOf((await siteOr404(req, req.params.site_id)).workspaceId)),
  );

  app.get(
    '/sites/:site_id/activity_logs',
    {
      config: { dataApi: { scopes: ['site_activity:read'] } },
      schema: {
        summary: 'Get Site Activity Logs',
        description: 'Publishes, site setting changes, and site token and webhook changes, newest first.',
        tags: ['Sites'],
        params: SiteParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Type.Object({ items: Type.Array(ActivityItem), pagination: Pagination }), ...errorResponses },
      },
    },
    async (req) => {
      const site = await siteOr404(req, req.params.site_id);
      const page = { offset: req.query.offset ?? 0, limit: req.query.limit ?? 100 };
      const { items, total } = await listAuditEvents(ctx, { workspaceId: site.workspaceId, siteId: site.id, kinds: siteActivityKinds(), ...page });
      const users = await userDirectory(
        ctx,
        items.flatMap((e) => (e.actor_user_id ? [e.actor_user_id] : [])),
      );
      return { items: items.flatMap((e) => toSiteActivityItem(e, users.name) ?? []), pagination: { ...page, total } };
    },
  );
};
