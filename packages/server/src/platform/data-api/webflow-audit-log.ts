import type { AuditEventRow } from '../../store/schema.js';

/**
 * Webflow's workspace audit log (docs/data-api.md, "Workspace audit logs") speaks a closed union of six
 * event types, each with its own sub-types and payload. Gatehouse records its events under its own names
 * (docs/data-api.md, "Workspace audit logs"); this table says which of them Webflow's union carries and how each is
 * rendered. An internal event missing from the table is not a Webflow event and never reaches
 * `/v2/workspaces/{id}/audit_logs` (it is served by the Gatehouse audit endpoint instead).
 */
export const WEBFLOW_AUDIT_EVENT_TYPES = [
  'user_access',
  'custom_role',
  'workspace_membership',
  'site_membership',
  'workspace_invitation',
  'workspace_setting',
] as const;
export type WebflowAuditEventType = (typeof WEBFLOW_AUDIT_EVENT_TYPES)[number];

export interface TargetUser {
  id: string;
  email?: string;
}

/** What a mapper may look up: users named in payloads. */
export interface AuditRenderContext {
  user(id: string): TargetUser;
}

interface WebflowAuditMapping {
  eventType: WebflowAuditEventType;
  eventSubType: string;
  payload(stored: Record<string, unknown>, row: AuditEventRow, lookup: AuditRenderContext): Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** Gatehouse changes made by a signed-in person come from the dashboard; changes with no actor from the CLI or admin API. */
const method = (row: AuditEventRow) => (row.actor_user_id ? 'dashboard' : 'admin');
const target = (stored: Record<string, unknown>, lookup: AuditRenderContext) => {
  const id = str(stored.userId);
  return id ? lookup.user(id) : undefined;
};
const membership = (
  stored: Record<string, unknown>,
  row: AuditEventRow,
  lookup: AuditRenderContext,
  roles: { roleName?: unknown; previousRoleName?: unknown },
) =>
  clean({
    targetUser: target(stored, lookup),
    method: method(row),
    userType: 'member',
    roleName: str(roles.roleName),
    previousRoleName: str(roles.previousRoleName),
  });

/** The table, keyed `<internal event type>/<internal sub-type>`. */
export const WEBFLOW_AUDIT_MAPPINGS: Readonly<Record<string, WebflowAuditMapping>> = {
  'user_access/login': { eventType: 'user_access', eventSubType: 'login', payload: (s) => clean({ method: 'dashboard', ipAddress: str(s.ipAddress) }) },
  'user_access/logout': { eventType: 'user_access', eventSubType: 'logout', payload: (s) => clean({ method: 'dashboard', ipAddress: str(s.ipAddress) }) },
  'workspace_membership/member_added': {
    eventType: 'workspace_membership',
    eventSubType: 'user_added',
    payload: (s, row, l) => membership(s, row, l, { roleName: s.role }),
  },
  'workspace_membership/role_changed': {
    eventType: 'workspace_membership',
    eventSubType: 'user_role_updated',
    payload: (s, row, l) => membership(s, row, l, { roleName: s.role, previousRoleName: s.previousRole }),
  },
  'workspace_membership/member_removed': {
    eventType: 'workspace_membership',
    eventSubType: 'user_removed',
    payload: (s, row, l) => membership(s, row, l, { previousRoleName: s.previousRole ?? s.role }),
  },
  'workspace_invitation/invite_sent': invitation('invite_sent'),
  'workspace_invitation/invite_accepted': invitation('invite_accepted'),
  'workspace_invitation/invite_updated': invitation('invite_updated'),
  'workspace_invitation/invite_canceled': invitation('invite_canceled'),
  'workspace_invitation/invite_declined': invitation('invite_declined'),
  'workspace_setting/workspace_updated': {
    eventType: 'workspace_setting',
    eventSubType: 'setting_updated',
    // Webflow names only one setting (`ai_toggle`); Gatehouse's (name, plan) are said in `value`.
    payload: (s, row) => clean({ value: settingsText(s), method: method(row) }),
  },
};

function invitation(sub: string): WebflowAuditMapping {
  return {
    eventType: 'workspace_invitation',
    eventSubType: sub,
    payload: (s, row, l) =>
      clean({
        targetUser: target(s, l) ?? (str(s.email) ? { email: str(s.email) } : undefined),
        method: method(row),
        userType: 'member',
        roleName: str(s.role),
      }),
  };
}

function settingsText(stored: Record<string, unknown>): string | undefined {
  const parts = Object.entries(stored)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : undefined;
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The stored `(event_type, event_sub_type)` pairs that render as `eventType` (all six when omitted). */
export function storedKindsFor(eventType?: WebflowAuditEventType): Array<[string, string]> {
  return Object.entries(WEBFLOW_AUDIT_MAPPINGS)
    .filter(([, m]) => !eventType || m.eventType === eventType)
    .map(([key]) => key.split('/') as [string, string]);
}

/** The user ids a page of rows names, for one lookup. */
export function usersNamedIn(rows: AuditEventRow[]): string[] {
  return [...new Set(rows.map((r) => str((JSON.parse(r.payload) as Record<string, unknown>).userId)).filter((id): id is string => !!id))];
}

/** One stored event as Webflow's `WorkspaceAuditLogItem`, or undefined for a non-Webflow event. */
export function toWebflowAuditItem(row: AuditEventRow, workspace: { id: string; slug: string }, lookup: AuditRenderContext) {
  const mapping = WEBFLOW_AUDIT_MAPPINGS[`${row.event_type}/${row.event_sub_type}`];
  if (!mapping) return undefined;
  return {
    timestamp: row.created_at,
    eventType: mapping.eventType,
    eventSubType: mapping.eventSubType,
    actor: clean({ id: row.actor_user_id ?? undefined, email: row.actor_email ?? undefined }),
    workspace: { id: workspace.id, slug: workspace.slug },
    payload: mapping.payload(JSON.parse(row.payload) as Record<string, unknown>, row, lookup),
  };
}
