import type { AuditEventRow } from '../store/schema.js';
import type { PlatformContext } from './context.js';

/** One fact of an event's payload as people read it: `App: Reporter`, or the raw value when nothing has a name for it. */
export interface AuditDetail {
  label: string;
  value: string;
  /** The id behind the name, kept for exports and for a tooltip. */
  id?: string | undefined;
}

/** An audit event with the names of what it is about (docs/dashboard.md, "Audit log"). */
export interface NamedAuditEvent {
  id: string;
  createdAt: string;
  eventType: string;
  eventSubType: string;
  actorEmail: string | null;
  actorName: string | null;
  details: AuditDetail[];
}

/** Payload keys that hold ids, what they name, and the label shown. Keys ending in `Ids` hold arrays of the same. */
const ID_KEYS: Record<string, { kind: 'app' | 'site' | 'token' | 'user' | 'authorization' | 'webhook'; label: string }> = {
  appId: { kind: 'app', label: 'App' },
  siteId: { kind: 'site', label: 'Site' },
  siteIds: { kind: 'site', label: 'Sites' },
  tokenId: { kind: 'token', label: 'Token' },
  tokenIds: { kind: 'token', label: 'Tokens' },
  userId: { kind: 'user', label: 'User' },
  authorizationId: { kind: 'authorization', label: 'Authorization' },
  authorizationIds: { kind: 'authorization', label: 'Authorizations' },
  webhookId: { kind: 'webhook', label: 'Webhook' },
  webhookIds: { kind: 'webhook', label: 'Webhooks' },
};

const LABELS: Record<string, string> = { clientId: 'Client ID', name: 'Name', scopes: 'Scopes', target: 'Reaches', reason: 'Reason', role: 'Role' };
const humanize = (key: string) => LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const parse = (payload: string): Record<string, unknown> => {
  try {
    const value = JSON.parse(payload) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Names for every id the events mention, fetched in one query per kind (deleted things keep their id). */
async function namesFor(ctx: PlatformContext, wanted: Record<string, Set<string>>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = (kind: string) => [...(wanted[kind] ?? [])];
  const db = ctx.db;
  if (ids('app').length) for (const r of await db.selectFrom('apps').select(['id', 'name']).where('id', 'in', ids('app')).execute()) names.set(r.id, r.name);
  if (ids('site').length)
    for (const r of await db.selectFrom('sites').select(['id', 'display_name']).where('id', 'in', ids('site')).execute()) names.set(r.id, r.display_name);
  if (ids('token').length)
    for (const r of await db.selectFrom('access_tokens').select(['id', 'name', 'kind']).where('id', 'in', ids('token')).execute())
      names.set(r.id, r.name ?? `${r.kind} token`);
  if (ids('user').length)
    for (const r of await db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids('user')).execute()) names.set(r.id, r.email);
  if (ids('authorization').length) {
    const rows = await db
      .selectFrom('authorizations')
      .innerJoin('apps', 'apps.id', 'authorizations.app_id')
      .select(['authorizations.id', 'apps.name'])
      .where('authorizations.id', 'in', ids('authorization'))
      .execute();
    for (const r of rows) names.set(r.id, `${r.name} authorization`);
  }
  if (ids('webhook').length)
    for (const r of await db.selectFrom('webhooks').select(['id', 'trigger_type']).where('id', 'in', ids('webhook')).execute())
      names.set(r.id, `${r.trigger_type} webhook`);
  return names;
}

/** The events with names instead of raw ids; the actor's name comes from their account when it still exists. */
export async function nameAuditEvents(ctx: PlatformContext, rows: AuditEventRow[]): Promise<NamedAuditEvent[]> {
  const payloads = rows.map((r) => parse(r.payload));
  const wanted: Record<string, Set<string>> = {};
  const want = (kind: string, id: unknown) => typeof id === 'string' && (wanted[kind] ??= new Set()).add(id);
  payloads.forEach((p, i) => {
    for (const [key, value] of Object.entries(p)) {
      const known = ID_KEYS[key];
      if (known) (Array.isArray(value) ? value : [value]).forEach((id) => want(known.kind, id));
    }
    want('site', rows[i]!.site_id);
  });
  const names = await namesFor(ctx, wanted);
  const actors = new Map<string, string>();
  const actorIds = rows.map((r) => r.actor_user_id).filter((id): id is string => id !== null);
  if (actorIds.length) {
    for (const u of await ctx.db
      .selectFrom('users')
      .select(['id', 'first_name', 'last_name'])
      .where('id', 'in', [...new Set(actorIds)])
      .execute()) {
      actors.set(u.id, `${u.first_name} ${u.last_name}`.trim());
    }
  }
  const nameOf = (id: string) => names.get(id) ?? id;
  return rows.map((row, i) => {
    const details: AuditDetail[] = [];
    const payload = payloads[i]!;
    if (row.site_id && !('siteId' in payload)) details.push({ label: 'Site', value: nameOf(row.site_id), id: row.site_id });
    for (const [key, value] of Object.entries(payload)) {
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const known = ID_KEYS[key];
      if (known) {
        const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
        details.push({ label: known.label, value: list.map(nameOf).join(', '), id: list.join(',') });
      } else {
        details.push({ label: humanize(key), value: typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : JSON.stringify(value) });
      }
    }
    return {
      id: row.id,
      createdAt: row.created_at,
      eventType: row.event_type,
      eventSubType: row.event_sub_type,
      actorEmail: row.actor_email,
      actorName: row.actor_user_id ? actors.get(row.actor_user_id) || null : null,
      details,
    };
  });
}
