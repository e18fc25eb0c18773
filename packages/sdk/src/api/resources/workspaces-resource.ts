import type { ResolvedOptions } from '../../options.js';
import { dataApiRequest, v2Path, type QueryValues } from '../data-api-request.js';
import type { AuditLogList, AuditLogParams, Workspace } from '../types/workspace.js';

/**
 * Workspaces (docs/webflow-wire.md, "Scopes and token kinds"): listing needs `workspace:read`, audit logs `workspace_activity:read`.
 *
 * @example
 * const { workspaces } = await client.workspaces.list();
 */
export class WorkspacesResource {
  constructor(private readonly options: ResolvedOptions) {}

  /**
   * `GET /v2/workspaces` (not paginated).
   *
   * @example
   * const { workspaces } = await client.workspaces.list();
   */
  list(): Promise<{ workspaces: Workspace[] }> {
    return dataApiRequest(this.options, 'GET', v2Path`/workspaces`);
  }

  /**
   * `GET /v2/workspaces/{workspaceIdOrSlug}/audit_logs`.
   *
   * @example
   * const { items } = await client.workspaces.auditLogs(workspaceId, { eventType: 'user_access', limit: 20 });
   */
  auditLogs(workspaceIdOrSlug: string, params: AuditLogParams = {}): Promise<AuditLogList> {
    return dataApiRequest(this.options, 'GET', v2Path`/workspaces/${workspaceIdOrSlug}/audit_logs`, {
      query: { ...params } as QueryValues,
    });
  }
}
