import type { Kysely } from 'kysely';
import { newId } from '../../crypto/ids.js';
import type { Dialect } from '../../store/database.js';
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

/**
 * Records an event; pass a transaction as `db` to make it part of the change it describes. Inside
 * withBatchedAudit the row is held and written with the transaction's others, before it commits.
 */
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
  const held = heldRows.get(db);
  if (held) held.push(row);
  else await insertAuditRows(db, ctx.dialect, [row]);
}

/** The audit rows recorded in a transaction running withBatchedAudit, not yet written. */
const heldRows = new WeakMap<Kysely<Database>, AuditEventRow[]>();

/**
 * Runs `work` in `trx` with the audit rows it records held back, then writes them all in one multi-row
 * insert, still inside `trx`: a revocation that ends its authorization records two or more events, and
 * each statement costs more than the row it writes. A failing `work` leaves nothing to write (its
 * transaction rolls back).
 */
export async function withBatchedAudit<T>(ctx: PlatformContext, trx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const held: AuditEventRow[] = [];
  heldRows.set(trx, held);
  let value: T;
  try {
    value = await work();
  } finally {
    heldRows.delete(trx);
  }
  await insertAuditRows(trx, ctx.dialect, held);
  return value;
}

const AUDIT_COLUMNS = [
  'id',
  'workspace_id',
  'site_id',
  'actor_user_id',
  'actor_email',
  'event_type',
  'event_sub_type',
  'payload',
  'created_at',
] as const satisfies ReadonlyArray<keyof AuditEventRow>;
/** Rows per insert: more go in further inserts of this many. */
const AUDIT_ROWS_PER_INSERT = 16;
/** The parameter name of each row's columns, `column:row`. */
const PARAMETER_NAMES = Array.from({ length: AUDIT_ROWS_PER_INSERT }, (_, i) => AUDIT_COLUMNS.map((c) => `${c}:${i}`));

/*
 * Every grant, token and secret change writes audit rows; the insert of each row count is compiled once
 * (store/precompiled-query.ts), its parameters named `column:row`.
 */
const insertOfRows = new Map<number, ReturnType<typeof precompiled<string, never>>>();
function auditInsertOf(rows: number) {
  let insert = insertOfRows.get(rows);
  if (!insert) {
    insert = precompiled<string, never>((db, p) =>
      db
        .insertInto('audit_events')
        .values(
          Array.from({ length: rows }, (_, i) => Object.fromEntries(AUDIT_COLUMNS.map((c, j) => [c, p(PARAMETER_NAMES[i]![j]!)])) as unknown as AuditEventRow),
        ),
    );
    insertOfRows.set(rows, insert);
  }
  return insert;
}

async function insertAuditRows(db: Kysely<Database>, dialect: Dialect, rows: AuditEventRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += AUDIT_ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + AUDIT_ROWS_PER_INSERT);
    const values: Record<string, unknown> = {};
    chunk.forEach((row, i) => {
      const names = PARAMETER_NAMES[i]!;
      AUDIT_COLUMNS.forEach((c, j) => (values[names[j]!] = row[c]));
    });
    await auditInsertOf(chunk.length)(db, dialect, values);
  }
}

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
