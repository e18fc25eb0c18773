import type { Role } from '../../domain.js';
import { PlatformError } from '../errors.js';

/**
 * The one place role rules live (docs/dashboard.md "Roles", docs/oauth.md "Who may install an app").
 * An admin may do everything a member may.
 */
const RANK: Record<Role, number> = { member: 1, admin: 2 };

/** Whether `role` (undefined: not a member) is at least `needed`. */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

/** Throws `forbidden` unless `role` is at least `needed`. */
export function requireRole(role: Role | undefined, needed: Role, message = 'Only workspace admins can do this'): void {
  if (!hasRole(role, needed)) throw new PlatformError('forbidden', message);
}

/**
 * Installing an app hands it powers the dashboard keeps for admins (publishing, webhooks, tokens, the
 * audit log), so installing takes the same role: a grant never exceeds what its user could do.
 */
export const INSTALL_APPS_ROLE: Role = 'admin';

export const canInstallApps = (role: Role | undefined): boolean => hasRole(role, INSTALL_APPS_ROLE);

/**
 * Webhooks send a site's events to any URL, so managing them (create, delete, redeliver, test events) takes
 * the role that installing an app takes: an app's webhooks come from a grant only that role can give, and
 * a webhook made in the dashboard lives only while its maker holds the role (docs/adr/0022-dashboard-webhooks.md).
 */
export const MANAGE_WEBHOOKS_ROLE: Role = INSTALL_APPS_ROLE;

export const canManageWebhooks = (role: Role | undefined): boolean => hasRole(role, MANAGE_WEBHOOKS_ROLE);

/** Throws `forbidden` unless `role` may manage a site's webhooks. */
export const requireWebhookManager = (role: Role | undefined): void => requireRole(role, MANAGE_WEBHOOKS_ROLE, 'Only workspace admins can manage webhooks');

/** Ending an admin role ends what only an admin could hand out: app authorizations and API tokens. */
export const losesGrantingRole = (before: Role, after: Role | null): boolean => canInstallApps(before) && !canInstallApps(after ?? undefined);

/** A role is handed out (by invitation) only by someone who holds at least that role. */
export const mayGrantRole = (granter: Role | undefined, role: Role): boolean => hasRole(granter, 'admin') && hasRole(granter, role);
