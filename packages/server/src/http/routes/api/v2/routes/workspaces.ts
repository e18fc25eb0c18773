import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../../../runtime.js';
import { listAuditEvents } from '../../../../../platform/audit/audit.js';
import { storedKindsFor, toWebflowAuditItem, usersNamedIn, WEBFLOW_AUDIT_EVENT_TYPES } from '../../../../../platform/data-api/webflow-audit-log.js';
import { reachableWorkspace } from '../../../../../platform/data-api/workspace-access.js';
import { userDirectory } from '../../../../../platform/data-api/user-directory.js';
import type { DataApi } from '../index.js';
import { notFound, validationError } from '../api-error.js';
import { PageQuery, Pagination, errorResponses } from '../schemas.js';

const WorkspaceBody = Type.Object({ id: Type.String(), displayName: Type.String(), slug: Type.String(), plan: Type.String(), createdOn: Type.String() });

/** Webflow's `WorkspaceAuditLogItem` union, discriminated by `eventType` (docs/data-api.md). */
const AuditItem = Type.Object({
  timestamp: Type.String(),
  eventType: Type.Union(WEBFLOW_AUDIT_EVENT_TYPES.map((t) => Type.Literal(t))),
  eventSubType: Type.String(),
  actor: Type.Object({ id: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }),
  workspace: Type.Object({ id: Type.String(), slug: Type.String() }),
  payload: Type.Unknown(),
});

const AuditQuery = Type.Object({
  ...PageQuery,
  sortOrder: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  eventType: Type.Optional(Type.Union(WEBFLOW_AUDIT_EVENT_TYPES.map((t) => Type.Literal(t)))),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

/** docs/webflow-wire.md, "Scopes and token kinds": workspace-level endpoints, for workspace authorizations and workspace tokens. */
export const workspaceRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;

  app.get(
    '/workspaces',
    {
      config: { dataApi: { scopes: ['workspace:read'] } },
      schema: {
        summary: 'List Workspaces',
        tags: ['Workspaces'],
        response: { 200: Type.Object({ workspaces: Type.Array(WorkspaceBody) }), ...errorResponses },
      },
    },
    async (req) => {
      const p = req.principal!;
      if (!p.reachesWorkspace) return { workspaces: [] };
      const ws = await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', p.workspaceId).execute();
      return { workspaces: ws.map((w) => ({ id: w.id, displayName: w.name, slug: w.slug, plan: w.plan, createdOn: w.created_at })) };
    },
  );

  app.get(
    '/workspaces/:workspace_id_or_slug/audit_logs',
    {
      config: { dataApi: { scopes: ['workspace_activity:read'] } },
      schema: {
        summary: 'Get Workspace Audit Logs',
        tags: ['Workspaces'],
        params: Type.Object({ workspace_id_or_slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }),
        querystring: AuditQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditItem), pagination: Pagination }), ...errorResponses },
      },
    },
    async (req) => {
      const p = req.principal!;
      const q = req.query;
      const ws = await reachableWorkspace(ctx, p, req.params.workspace_id_or_slug);
      if (!ws) throw notFound('workspace');
      const from = q.from ? new Date(q.from).toISOString() : undefined;
      const to = q.to ? new Date(q.to).toISOString() : undefined;
      if (from && to && from > to) throw validationError([{ field: 'from', message: 'from must not be after to' }]);
      const page = { offset: q.offset ?? 0, limit: q.limit ?? 100 };
      const { items, total } = await listAuditEvents(ctx, {
        workspaceId: ws.id,
        kinds: storedKindsFor(q.eventType),
        from,
        to,
        sortOrder: q.sortOrder,
        ...page,
      });
      const users = await userDirectory(ctx, usersNamedIn(items));
      return { items: items.flatMap((e) => toWebflowAuditItem(e, ws, users) ?? []), pagination: { ...page, total } };
    },
  );
};
