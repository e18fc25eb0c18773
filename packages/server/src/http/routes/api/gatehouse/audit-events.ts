import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../../runtime.js';
import { listAuditEvents } from '../../../../platform/audit/audit.js';
import { reachableWorkspace } from '../../../../platform/data-api/workspace-access.js';
import type { DataApi } from '../v2/index.js';
import { notFound, validationError } from '../v2/api-error.js';
import { ObjectId, PageQuery, Pagination, errorResponses } from '../v2/schemas.js';

/** Gatehouse's own audit event, named as Gatehouse records it (docs/data-api.md, "Gatehouse audit events"). */
const AuditEvent = Type.Object(
  {
    id: Type.String(),
    timestamp: Type.String(),
    eventType: Type.String({ description: 'Gatehouse event type, e.g. access_token, app_authorization, app_management, site_management' }),
    eventSubType: Type.String({ description: 'e.g. site_token_created, authorization_granted, client_secret_rotated' }),
    actor: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) }),
    workspaceId: Type.String(),
    siteId: Type.Union([Type.String(), Type.Null()]),
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'GatehouseAuditEvent', title: 'GatehouseAuditEvent' },
);

const Query = Type.Object({
  ...PageQuery,
  sortOrder: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  eventType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,64}$' })),
  siteId: Type.Optional(ObjectId),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

/**
 * `GET /gatehouse/v1/workspaces/{id}/audit_events`: every event Gatehouse records for a workspace under its
 * own names — token, grant, secret and app changes included, which Webflow's audit log union cannot carry.
 */
export const gatehouseAuditRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;
  app.get(
    '/workspaces/:workspace_id_or_slug/audit_events',
    {
      config: { dataApi: { scopes: ['workspace_activity:read'] } },
      schema: {
        summary: 'List Gatehouse Audit Events',
        description: "Gatehouse's complete audit log of a workspace, with Gatehouse's own event names. Webflow's subset is `/v2/workspaces/{id}/audit_logs`.",
        tags: ['Gatehouse'],
        params: Type.Object({ workspace_id_or_slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }),
        querystring: Query,
        response: { 200: Type.Object({ events: Type.Array(AuditEvent), pagination: Pagination }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const ws = await reachableWorkspace(ctx, req.principal!, req.params.workspace_id_or_slug);
      if (!ws) throw notFound('workspace');
      const from = q.from ? new Date(q.from).toISOString() : undefined;
      const to = q.to ? new Date(q.to).toISOString() : undefined;
      if (from && to && from > to) throw validationError([{ field: 'from', message: 'from must not be after to' }]);
      const page = { offset: q.offset ?? 0, limit: q.limit ?? 100 };
      const { items, total } = await listAuditEvents(ctx, {
        workspaceId: ws.id,
        eventType: q.eventType,
        siteId: q.siteId,
        from,
        to,
        sortOrder: q.sortOrder,
        ...page,
      });
      return {
        events: items.map((e) => ({
          id: e.id,
          timestamp: e.created_at,
          eventType: e.event_type,
          eventSubType: e.event_sub_type,
          actor: { id: e.actor_user_id, email: e.actor_email },
          workspaceId: ws.id,
          siteId: e.site_id,
          payload: JSON.parse(e.payload) as Record<string, unknown>,
        })),
        pagination: { ...page, total },
      };
    },
  );
};
