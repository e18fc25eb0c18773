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

/** Ending an admin role ends what only an admin could hand out: app authorizations and API tokens. */
export const losesGrantingRole = (before: Role, after: Role | null): boolean => canInstallApps(before) && !canInstallApps(after ?? undefined);

/** A role is handed out (by invitation) only by someone who holds at least that role. */
export const mayGrantRole = (granter: Role | undefined, role: Role): boolean => hasRole(granter, 'admin') && hasRole(granter, role);
