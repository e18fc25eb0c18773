import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../../../runtime.js';
import { AUDIT_EVENT_TYPES, listAuditEvents } from '../../../../../platform/audit.js';
import type { DataApi } from '../index.js';
import { notFound, validationError } from '../api-error.js';
import { PageQuery, Pagination, errorResponses } from '../schemas.js';

const WorkspaceBody = Type.Object({ id: Type.String(), displayName: Type.String(), slug: Type.String(), plan: Type.String(), createdOn: Type.String() });

const AuditItem = Type.Object({
  timestamp: Type.String(),
  eventType: Type.String(),
  eventSubType: Type.String(),
  actor: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) }),
  workspace: Type.Object({ id: Type.String(), slug: Type.String() }),
  payload: Type.Unknown(),
});

const AuditQuery = Type.Object({
  ...PageQuery,
  sortOrder: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  eventType: Type.Optional(Type.Union(AUDIT_EVENT_TYPES.map((t) => Type.Literal(t)))),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

/** Reference §6: workspace-level endpoints, for workspace authorizations and workspace tokens. */
export const workspaceRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;

  app.get('/workspaces', {
    config: { dataApi: { scopes: ['workspace:read'] } },
    schema: { summary: 'List Workspaces', tags: ['Workspaces'], response: { 200: Type.Object({ workspaces: Type.Array(WorkspaceBody) }), ...errorResponses } },
  }, async (req) => {
    const p = req.principal!;
    if (!p.reachesWorkspace) return { workspaces: [] };
    const ws = await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', p.workspaceId).execute();
    return { workspaces: ws.map((w) => ({ id: w.id, displayName: w.name, slug: w.slug, plan: w.plan, createdOn: w.created_at })) };
  });

  app.get('/workspaces/:workspace_id_or_slug/audit_logs', {
    config: { dataApi: { scopes: ['workspace_activity:read'] } },
    schema: {
      summary: 'Get Workspace Audit Logs',
      tags: ['Workspaces'],
      params: Type.Object({ workspace_id_or_slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }),
      querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(AuditItem), pagination: Pagination }), ...errorResponses },
    },
  }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    const ws = await ctx.db.selectFrom('workspaces').select(['id', 'slug']).where((eb) => eb.or([eb('id', '=', req.params.workspace_id_or_slug), eb('slug', '=', req.params.workspace_id_or_slug)])).executeTakeFirst();
    if (!ws || !p.reachesWorkspace || ws.id !== p.workspaceId) throw notFound('workspace');
    const from = q.from ? new Date(q.from).toISOString() : undefined;
    const to = q.to ? new Date(q.to).toISOString() : undefined;
    if (from && to && from > to) throw validationError([{ field: 'from', message: 'from must not be after to' }]);
    const page = { offset: q.offset ?? 0, limit: q.limit ?? 100 };
    const { items, total } = await listAuditEvents(ctx, { workspaceId: ws.id, eventType: q.eventType, from, to, sortOrder: q.sortOrder, ...page });
    return {
      items: items.map((e) => ({
        timestamp: e.created_at,
        eventType: e.event_type,
        eventSubType: e.event_sub_type,
        actor: { id: e.actor_user_id, email: e.actor_email },
        workspace: { id: ws.id, slug: ws.slug },
        payload: JSON.parse(e.payload) as unknown,
      })),
      pagination: { ...page, total },
    };
  });
};
