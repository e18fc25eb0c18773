import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_EVENT_TYPES, listAuditActors, listAuditEvents, type AuditQuery } from '../../../platform/audit.js';
import { nameAuditEvents } from '../../../platform/audit-names.js';
import { listApps } from '../../../platform/apps.js';
import { listSites } from '../../../platform/sites.js';
import type { User } from '../../../platform/users.js';
import type { WorkspaceWithRole } from '../../../platform/workspaces.js';
import type { Runtime } from '../../../runtime.js';
import { auditCsv, auditJson } from '../../../views/dashboard/audit-export.js';
import { auditPage, type AuditFilterChoices, type AuditFilters } from '../../../views/dashboard/audit.js';
import type { FieldErrors } from '../../../views/dashboard/form-kit.js';
import { sendPage } from '../../security-headers.js';
import { frameOf, mustBeAdmin, one, viewer, workspaceFor } from './dashboard-request.js';

const PAGE_SIZE = 50;
/** An export holds at most this many events (the newest); its JSON says when more matched. */
const EXPORT_LIMIT = 10_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const validDay = (value: string): boolean =>
  DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The filters of the page and of its export, read and checked the same way for both. */
function readFilters(
  req: FastifyRequest,
  choices: AuditFilterChoices,
): { filters: AuditFilters; errors: FieldErrors; query: Omit<AuditQuery, 'workspaceId' | 'offset' | 'limit'> } {
  const q = req.query as Record<string, unknown>;
  const filters: AuditFilters = {
    type: one(q, 'type', 60),
    actor: one(q, 'actor', 40),
    resource: one(q, 'resource', 40),
    from: one(q, 'from', 20),
    to: one(q, 'to', 20),
  };
  const errors: FieldErrors = {};
  if (filters.type && !(AUDIT_EVENT_TYPES as readonly string[]).includes(filters.type)) errors.type = 'Unknown event type';
  if (filters.actor && filters.actor !== 'system' && !choices.actors.some((a) => a.id === filters.actor)) errors.actor = 'No events by this person';
  if (filters.resource && ![...choices.sites, ...choices.apps].some((r) => r.id === filters.resource)) errors.resource = 'Not a site or app of this workspace';
  if (filters.from && !validDay(filters.from)) errors.from = 'Enter a date as YYYY-MM-DD';
  if (filters.to && !validDay(filters.to)) errors.to = 'Enter a date as YYYY-MM-DD';
  if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to) errors.to = 'The end date is before the start date';
  const query = {
    eventType: filters.type || undefined,
    actorUserId: filters.actor === 'system' ? null : filters.actor || undefined,
    resourceId: filters.resource || undefined,
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
  };
  return { filters, errors, query };
}

/** The workspace audit log (admins only, the page and its export alike): filters by event type, actor, resource and UTC days. */
export function auditRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const adminWorkspace = async (req: FastifyRequest<{ Params: { wid: string } }>): Promise<{ user: User; ws: WorkspaceWithRole }> => {
    const user = await viewer(req);
    const ws = await workspaceFor(ctx, req.params.wid, user);
    mustBeAdmin(ws);
    return { user, ws };
  };
  const choicesFor = async (ws: WorkspaceWithRole): Promise<AuditFilterChoices> => ({
    actors: await listAuditActors(ctx, ws.id),
    sites: (await listSites(ctx, { workspaceIds: [ws.id] })).map((s) => ({ id: s.id, name: s.displayName })),
    apps: (await listApps(ctx, ws.id)).map((a) => ({ id: a.id, name: a.name })),
  });

  return async (app) => {
    app.get<{ Params: { wid: string } }>('/workspaces/:wid/audit', async (req, reply) => {
      const { user, ws } = await adminWorkspace(req);
      const choices = await choicesFor(ws);
      const { filters, errors, query } = readFilters(req, choices);
      const rawOffset = one(req.query as Record<string, unknown>, 'offset', 12);
      const offset = /^\d{1,9}$/.test(rawOffset) ? Number(rawOffset) : 0;
      const bad = Object.keys(errors).length > 0;
      const { items, total } = bad ? { items: [], total: 0 } : await listAuditEvents(ctx, { workspaceId: ws.id, ...query, offset, limit: PAGE_SIZE });
      const named = await nameAuditEvents(ctx, items);
      const page = auditPage(frameOf(req, reply, user), { ws, filters, choices, items: named, total, offset, limit: PAGE_SIZE, ...(bad ? { errors } : {}) });
      return sendPage(reply, page, bad ? 400 : 200);
    });

    app.get<{ Params: { wid: string } }>('/workspaces/:wid/audit/export', async (req, reply: FastifyReply) => {
      const { ws } = await adminWorkspace(req);
      const format = one(req.query as Record<string, unknown>, 'format', 10);
      const { errors, query } = readFilters(req, await choicesFor(ws));
      const problems = Object.values(errors);
      if (format !== 'csv' && format !== 'json') problems.push('Choose format=csv or format=json');
      reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      if (problems.length)
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send(`${problems.join('\n')}\n`);
      const { items, total } = await listAuditEvents(ctx, { workspaceId: ws.id, ...query, offset: 0, limit: EXPORT_LIMIT });
      const named = await nameAuditEvents(ctx, items);
      const name = `audit-${ws.slug}-${ctx.now().toISOString().slice(0, 10)}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(auditCsv(named));
      return reply.type('application/json; charset=utf-8').send(auditJson(named, total > items.length));
    });
  };
}
