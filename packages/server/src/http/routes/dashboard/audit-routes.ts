import type { FastifyPluginAsync } from 'fastify';
import { AUDIT_EVENT_TYPES, listAuditEvents } from '../../../platform/audit.js';
import type { Runtime } from '../../../runtime.js';
import { auditPage, type AuditFilters } from '../../../views/dashboard/audit.js';
import type { FieldErrors } from '../../../views/dashboard/form-kit.js';
import { sendPage } from '../../security-headers.js';
import { frameOf, mustBeAdmin, one, viewer, workspaceFor } from './dashboard-request.js';

const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const validDay = (value: string): boolean => DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The workspace audit log (admins only): filters by event type and by a date range in UTC days. */
export function auditRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  return async (app) => {
    app.get<{ Params: { wid: string } }>('/workspaces/:wid/audit', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const query = req.query as Record<string, unknown>;
      const filters: AuditFilters = { type: one(query, 'type', 60), from: one(query, 'from', 20), to: one(query, 'to', 20) };
      const errors: FieldErrors = {};
      if (filters.type && !(AUDIT_EVENT_TYPES as readonly string[]).includes(filters.type)) errors.type = 'Unknown event type';
      if (filters.from && !validDay(filters.from)) errors.from = 'Enter a date as YYYY-MM-DD';
      if (filters.to && !validDay(filters.to)) errors.to = 'Enter a date as YYYY-MM-DD';
      if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to) errors.to = 'The end date is before the start date';
      const rawOffset = one(query, 'offset', 12);
      const offset = /^\d{1,9}$/.test(rawOffset) ? Number(rawOffset) : 0;
      const bad = Object.keys(errors).length > 0;
      const { items, total } = bad
        ? { items: [], total: 0 }
        : await listAuditEvents(ctx, {
            workspaceId: ws.id,
            eventType: filters.type || undefined,
            from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
            to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
            offset,
            limit: PAGE_SIZE,
          });
      const page = auditPage(frameOf(req, reply, user), { ws, filters, items, total, offset, limit: PAGE_SIZE, ...(bad ? { errors } : {}) });
      return sendPage(reply, page, bad ? 400 : 200);
    });
  };
}
