import type { PageParams, Pagination } from './pagination.js';

/**
 * A workspace, as `GET /v2/workspaces` lists it.
 *
 * @example
 * const { workspaces } = await client.workspaces.list();
 * workspaces.map((w: Workspace) => w.slug);
 */
export interface Workspace {
  id: string;
  displayName?: string;
  slug?: string;
  [field: string]: unknown;
}

/**
 * The audit event types (docs/webflow-wire.md, "Scopes and token kinds").
 *
 * @example
 * await client.workspaces.auditLogs(workspaceId, { eventType: 'user_access' as AuditEventType });
 */
export type AuditEventType = 'user_access' | 'custom_role' | 'workspace_membership' | 'site_membership' | 'workspace_invitation' | 'workspace_setting';

/**
 * One audit log item.
 *
 * @example
 * const { items } = await client.workspaces.auditLogs(workspaceId);
 * items.forEach((e: AuditLogEvent) => console.log(e.timestamp, e.eventType, e.actor.email));
 */
export interface AuditLogEvent {
  timestamp: string;
  eventType: AuditEventType | string;
  eventSubType: string;
  actor: { id: string; email?: string };
  workspace: { id: string; slug?: string };
  payload: Record<string, unknown>;
}

/**
 * `GET /v2/workspaces/{id}/audit_logs`.
 *
 * @example
 * const log: AuditLogList = await client.workspaces.auditLogs(workspaceId, { limit: 50 });
 */
export interface AuditLogList {
  items: AuditLogEvent[];
  pagination: Pagination;
}

/**
 * Query of the audit log call; `from` and `to` are ISO date-times (or `Date`s).
 *
 * @example
 * await client.workspaces.auditLogs(workspaceId, { from: new Date(Date.now() - 86_400_000) });
 */
export interface AuditLogParams extends PageParams {
  sortOrder?: 'asc' | 'desc';
  eventType?: AuditEventType;
  from?: string | Date;
  to?: string | Date;
}
