import type { Kysely } from 'kysely';
import { newId } from '../../crypto/ids.js';
import type { AuditEventRow, Database } from '../../store/schema.js';
import { isoNow, type PlatformContext } from '../context.js';
import { precompiled } from '../../store/precompiled-query.js';

/**
 * Audit event types. The first six are Webflow's (docs/webflow-wire.md, "Scopes and token kinds", audit logs); the rest cover what
 * docs/design.md, "Quality bars" asks to be audited: every grant, token and secret change.
 */
export const AUDIT_EVENT_TYPES = [
  'user_access',
  'custom_role',
  'workspace_membership',
  'site_membership',
  'workspace_invitation',
  'workspace_setting',
  'app_authorization',
  'access_token',
  'app_management',
  'site_management',
  'admin_access',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditActor {
  id: string | null;
  email: string | null;
}

export interface NewAuditEvent {
  workspaceId: string | null;
  siteId?: string | null;
  actor?: AuditActor | null;
  eventType: AuditEventType;
  eventSubType: string;
  /** Never put a secret or token here. */
  payload?: Record<string, unknown>;
}

/** Records an event; pass a transaction as `db` to make it part of the change it describes. */
export async function recordAudit(ctx: PlatformContext, event: NewAuditEvent, db: Kysely<Database> = ctx.db): Promise<void> {
  const row: AuditEventRow = {
    id: newId(),
    workspace_id: event.workspaceId,
    site_id: event.siteId ?? null,
    actor_user_id: event.actor?.id ?? null,
    actor_email: event.actor?.email ?? null,
    event_type: event.eventType,
    event_sub_type: event.eventSubType,
    payload: JSON.stringify(event.payload ?? {}),
    created_at: isoNow(ctx),
  };
  await insertAuditRow(db, ctx.dialect, row);
}

// Every grant, token and secret change writes one; compiled once (store/precompiled-query.ts).
const insertAuditRow = precompiled<keyof AuditEventRow, never>((db, p) =>
  db.insertInto('audit_events').values({
    id: p('id'),
    workspace_id: p('workspace_id'),
    site_id: p('site_id'),
    actor_user_id: p('actor_user_id'),
    actor_email: p('actor_email'),
    event_type: p('event_type'),
    event_sub_type: p('event_sub_type'),
    payload: p('payload'),
    created_at: p('created_at'),
  }),
);

export interface AuditQuery {
  workspaceId: string;
  eventType?: string | undefined;
  /** Only these `(event_type, event_sub_type)` pairs; an empty list matches nothing. */
  kinds?: Array<[string, string]> | undefined;
  /** Only events about this site. */
  siteId?: string | undefined;
  /** Only events by this user; `null` for events with no user behind them (the system, or the API). */
  actorUserId?: string | null | undefined;
  /** Only events that name this site, app or other object (by its column or anywhere in their payload). */
  resourceId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sortOrder?: 'asc' | 'desc' | undefined;
  offset: number;
  limit: number;
}

export async function listAuditEvents(ctx: PlatformContext, q: AuditQuery): Promise<{ items: AuditEventRow[]; total: number }> {
  let base = ctx.db.selectFrom('audit_events').where('workspace_id', '=', q.workspaceId);
  if (q.eventType) base = base.where('event_type', '=', q.eventType);
  if (q.siteId) base = base.where('site_id', '=', q.siteId);
  if (q.actorUserId !== undefined) base = q.actorUserId === null ? base.where('actor_user_id', 'is', null) : base.where('actor_user_id', '=', q.actorUserId);
  if (q.resourceId) {
    // Ids are hex (crypto/ids.ts), so they hold no LIKE wildcard; quoted, they match whole values only.
    const id = q.resourceId;
    if (!/^[0-9a-f]+$/.test(id)) return { items: [], total: 0 };
    base = base.where((eb) => eb.or([eb('site_id', '=', id), eb('payload', 'like', `%"${id}"%`)]));
  }
  if (q.kinds) {
    const kinds = q.kinds;
    if (kinds.length === 0) return { items: [], total: 0 };
    base = base.where((eb) => eb.or(kinds.map(([type, sub]) => eb.and([eb('event_type', '=', type), eb('event_sub_type', '=', sub)]))));
  }
  if (q.from) base = base.where('created_at', '>=', q.from);
  if (q.to) base = base.where('created_at', '<=', q.to);
  const count = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .selectAll()
    .orderBy('created_at', q.sortOrder === 'asc' ? 'asc' : 'desc')
    .orderBy('id', q.sortOrder === 'asc' ? 'asc' : 'desc')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return { items, total: Number(count.n) };
}

/** Everyone who appears as the actor of a workspace's events (former members included), for the actor filter. */
export async function listAuditActors(ctx: PlatformContext, workspaceId: string): Promise<Array<{ id: string; email: string }>> {
  const rows = await ctx.db
    .selectFrom('audit_events')
    .select(['actor_user_id', (eb) => eb.fn.max('actor_email').as('email')])
    .where('workspace_id', '=', workspaceId)
    .where('actor_user_id', 'is not', null)
    .groupBy('actor_user_id')
    .execute();
  return rows.map((r) => ({ id: r.actor_user_id!, email: r.email ?? r.actor_user_id! })).sort((a, b) => a.email.localeCompare(b.email));
}
