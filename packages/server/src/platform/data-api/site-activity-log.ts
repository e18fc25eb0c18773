import type { AuditEventRow } from '../../store/schema.js';

/**
 * Webflow's site activity log (docs/data-api.md, "Site activity logs") from the site-level events Gatehouse
 * records. Webflow's `event` names Designer activity; only publishing has one of its own, so the others
 * carry `resourceOperation` with the resource they touched and the Gatehouse event name in `payload`.
 * Internal events missing from this table are not shown.
 */
interface ActivityMapping {
  event?: string;
  resourceOperation: 'CREATED' | 'MODIFIED' | 'PUBLISHED' | 'DELETED';
  resource(stored: Record<string, unknown>, row: AuditEventRow): { id?: string; name?: string; previousValue?: string; newValue?: string };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const SITE_ACTIVITY_MAPPINGS: Readonly<Record<string, ActivityMapping>> = {
  'site_management/site_published': { event: 'site_published', resourceOperation: 'PUBLISHED', resource: (_s, row) => ({ id: row.site_id ?? undefined }) },
  'site_management/site_created': { resourceOperation: 'CREATED', resource: (s, row) => ({ id: row.site_id ?? undefined, name: str(s.displayName) }) },
  'site_management/site_updated': {
    resourceOperation: 'MODIFIED',
    resource: (s, row) => {
      const changes = (s.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
      const fields = Object.keys(changes);
      const text = (pick: 'from' | 'to') => fields.map((f) => `${f}=${String(changes[f]![pick] ?? '')}`).join(', ') || undefined;
      return { id: row.site_id ?? undefined, name: fields.join(', ') || undefined, previousValue: text('from'), newValue: text('to') };
    },
  },
  'access_token/site_token_created': {
    resourceOperation: 'CREATED',
    resource: (s) => ({ id: str(s.tokenId), name: str(s.name) ? `Site token "${String(s.name)}"` : 'Site token' }),
  },
  'access_token/site_token_revoked': { resourceOperation: 'DELETED', resource: (s) => ({ id: str(s.tokenId), name: 'Site token' }) },
  'site_management/webhook_created': {
    resourceOperation: 'CREATED',
    resource: (s) => ({ id: str(s.webhookId), name: str(s.triggerType) ? `Webhook (${String(s.triggerType)})` : 'Webhook' }),
  },
  'site_management/webhook_removed': {
    resourceOperation: 'DELETED',
    resource: (s) => ({ id: str(s.webhookId), name: str(s.triggerType) ? `Webhook (${String(s.triggerType)})` : 'Webhook' }),
  },
};

export const siteActivityKinds = (): Array<[string, string]> => Object.keys(SITE_ACTIVITY_MAPPINGS).map((k) => k.split('/') as [string, string]);

/** Webflow's `SiteActivityLogItem`. */
export interface SiteActivityItem {
  id: string;
  createdOn: string;
  lastUpdated: string;
  event?: string;
  resourceOperation: string;
  user?: { id: string; displayName: string };
  resourceId?: string;
  resourceName?: string;
  newValue?: string;
  previousValue?: string;
  payload: Record<string, unknown>;
}

export function toSiteActivityItem(row: AuditEventRow, userName: (id: string) => string | undefined): SiteActivityItem | undefined {
  const key = `${row.event_type}/${row.event_sub_type}`;
  const mapping = SITE_ACTIVITY_MAPPINGS[key];
  if (!mapping) return undefined;
  const stored = JSON.parse(row.payload) as Record<string, unknown>;
  const r = mapping.resource(stored, row);
  const item: SiteActivityItem = {
    id: row.id,
    createdOn: row.created_at,
    lastUpdated: row.created_at,
    ...(mapping.event ? { event: mapping.event } : {}),
    resourceOperation: mapping.resourceOperation,
    payload: { gatehouseEvent: key },
  };
  if (row.actor_user_id) item.user = { id: row.actor_user_id, displayName: userName(row.actor_user_id) ?? row.actor_email ?? '' };
  if (r.id) item.resourceId = r.id;
  if (r.name) item.resourceName = r.name;
  if (r.newValue !== undefined) item.newValue = r.newValue;
  if (r.previousValue !== undefined) item.previousValue = r.previousValue;
  return item;
}
