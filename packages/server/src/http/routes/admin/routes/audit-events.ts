import { Type } from '@sinclair/typebox';
import { listAuditPage } from '../../../../platform/admin/admin-directory.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import type { AdminApi } from '../index.js';
import { AuditEvent, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

const Query = Type.Intersect([
  PageQuery,
  Type.Object({
    workspace: Type.Optional(Ref),
    eventType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,64}$' })),
  }),
]);

/** Every audit event, newest first (docs/admin-api.md, "Audit events"); admin key changes belong to no workspace. */
export const auditRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  app.get(
    '/audit_events',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: { summary: 'List audit events', tags: ['Admin'], querystring: Query, response: { 200: pageOf('events', AuditEvent), ...problemResponses } },
    },
    async (req) => {
      const workspaceId = req.query.workspace ? (await getWorkspace(ctx, req.query.workspace)).id : undefined;
      const page = await listAuditPage(ctx, { workspaceId, eventType: req.query.eventType }, req.query);
      return {
        events: page.items.map((e) => ({
          id: e.id,
          timestamp: e.created_at,
          eventType: e.event_type,
          eventSubType: e.event_sub_type,
          actor: { id: e.actor_user_id, email: e.actor_email },
          workspaceId: e.workspace_id,
          siteId: e.site_id,
          payload: JSON.parse(e.payload) as Record<string, unknown>,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
