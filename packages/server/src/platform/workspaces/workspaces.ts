import { newId } from '../../crypto/ids.js';
import type { MembershipRow, WorkspaceRow } from '../../store/schema.js';
import type { Plan, Role } from '../../domain.js';
import { rethrowUniqueViolation } from '../../store/unique-violation.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation } from '../errors.js';
import { nothingEnded } from './ending-grants.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { endGrantsOfMember } from './membership-end.js';
import { losesGrantingRole } from './workspace-roles.js';
import { transaction } from '../../store/transaction.js';

export const PLANS: readonly Plan[] = ['starter', 'basic', 'cms', 'ecommerce', 'business', 'enterprise'];

/** docs/webflow-wire.md, "Rate limits": requests per minute per token, by plan. */
export function rateLimitForPlan(plan: Plan): number {
  return plan === 'starter' || plan === 'basic' ? 60 : 120;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  plan: Plan;
  createdOn: string;
}

export const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  plan: row.plan,
  createdOn: row.created_at,
});

export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'workspace'
  );
}

function checkPlan(plan: string): Plan {
  if (!PLANS.includes(plan as Plan)) throw validation('plan', `Plan must be one of ${PLANS.join(', ')}`);
  return plan as Plan;
}

export interface NewWorkspace {
  name: string;
  slug?: string | undefined;
  plan?: string | undefined;
  /** Becomes the first admin. */
  ownerUserId: string;
  actor?: AuditActor | null;
}

export async function createWorkspace(ctx: PlatformContext, input: NewWorkspace): Promise<Workspace> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw validation('name', 'Workspace name must be 1 to 100 characters');
  const slug = input.slug ? input.slug.trim() : slugify(name);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) throw validation('slug', 'Slug may hold lowercase letters, digits and dashes');
  const now = isoNow(ctx);
  const row: WorkspaceRow = { id: newId(), name, slug, plan: checkPlan(input.plan ?? 'cms'), created_at: now, updated_at: now };
  const slugTaken = () => new PlatformError('conflict', `The slug "${slug}" is taken`, [{ field: 'slug', message: 'This slug is taken' }]);
  await transaction(ctx.db, async (trx) => {
    const taken = await trx.selectFrom('workspaces').select('id').where('slug', '=', slug).executeTakeFirst();
    if (taken) throw slugTaken();
    await trx.insertInto('workspaces').values(row).execute();
    await trx.insertInto('memberships').values({ workspace_id: row.id, user_id: input.ownerUserId, role: 'admin', created_at: now }).execute();
    await recordAudit(
      ctx,
      { workspaceId: row.id, actor: input.actor, eventType: 'workspace_setting', eventSubType: 'workspace_created', payload: { name, slug } },
      trx,
    );
  }).catch(rethrowUniqueViolation(slugTaken));
  return toWorkspace(row);
}

export async function getWorkspace(ctx: PlatformContext, idOrSlug: string): Promise<Workspace> {
  const row = await ctx.db
    .selectFrom('workspaces')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
  if (!row) throw notFound('Workspace');
  return toWorkspace(row);
}

export async function updateWorkspace(
  ctx: PlatformContext,
  id: string,
  changes: { name?: string | undefined; plan?: string | undefined },
  actor?: AuditActor | null,
): Promise<Workspace> {
  const set: Partial<WorkspaceRow> = { updated_at: isoNow(ctx) };
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (!name || name.length > 100) throw validation('name', 'Workspace name must be 1 to 100 characters');
    set.name = name;
  }
  if (changes.plan !== undefined) set.plan = checkPlan(changes.plan);
  await transaction(ctx.db, async (trx) => {
    const result = await trx.updateTable('workspaces').set(set).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('Workspace');
    await recordAudit(
      ctx,
      { workspaceId: id, actor, eventType: 'workspace_setting', eventSubType: 'workspace_updated', payload: { name: set.name, plan: set.plan } },
      trx,
    );
  });
  return getWorkspace(ctx, id);
}

export interface WorkspaceWithRole extends Workspace {
  role: Role;
}

export async function listWorkspacesForUser(ctx: PlatformContext, userId: string): Promise<WorkspaceWithRole[]> {
  const rows = await ctx.db
    .selectFrom('workspaces')
    .innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
    .selectAll('workspaces')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('workspaces.name')
    .execute();
  return rows.map((r) => ({ ...toWorkspace(r), role: r.role }));
}

export async function getRole(ctx: PlatformContext, workspaceId: string, userId: string): Promise<Role | undefined> {
  const row = await ctx.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

export interface Member {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  since: string;
}

export async function listMembers(ctx: PlatformContext, workspaceId: string): Promise<Member[]> {
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.first_name', 'users.last_name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, firstName: r.first_name, lastName: r.last_name, role: r.role, since: r.created_at }));
}

export function checkRole(role: string): Role {
  if (role !== 'admin' && role !== 'member') throw validation('role', 'Role must be admin or member');
  return role;
}

export async function addMember(ctx: PlatformContext, workspaceId: string, userId: string, role: string, actor?: AuditActor | null): Promise<void> {
  const checked = checkRole(role);
  await transaction(ctx.db, async (trx) => {
    const existing = await trx
      .selectFrom('memberships')
      .select('role')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing) throw new PlatformError('conflict', 'That user is already a member of this workspace');
    const row: MembershipRow = { workspace_id: workspaceId, user_id: userId, role: checked, created_at: isoNow(ctx) };
    await trx.insertInto('memberships').values(row).execute();
    await recordAudit(ctx, { workspaceId, actor, eventType: 'workspace_membership', eventSubType: 'member_added', payload: { userId, role: checked } }, trx);
  }).catch(rethrowUniqueViolation(() => new PlatformError('conflict', 'That user is already a member of this workspace')));
}

/** What a membership change ended: app authorizations, and site or workspace tokens (with their webhooks). */
export interface MembershipChange {
  authorizationsRevoked: number;
  apiTokensRevoked: number;
}

/**
 * Changes a role or removes a member; the last admin can be neither demoted nor removed. A removal, or
 * the loss of the admin role, ends what the user granted in the workspace, in the same transaction
 * (docs/dashboard.md, "When someone leaves or is demoted"); caches on this node hear of it before this
 * returns, other nodes through the invalidation feed.
 */
export async function changeMembership(
  ctx: PlatformContext,
  workspaceId: string,
  userId: string,
  role: string | null,
  actor?: AuditActor | null,
): Promise<MembershipChange> {
  const next = role === null ? null : checkRole(role);
  return transactWithNotices(ctx, async (trx, notices) => {
    // Two admins demoting each other at once would both see two admins under READ COMMITTED; lock the
    // workspace so the second waits and counts again (SQLite serialises writers already). NO KEY UPDATE,
    // so a consent approval holding this member's row (and inserting rows that reference the workspace)
    // is waited for rather than deadlocked with.
    if (ctx.dialect === 'postgres') await trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forNoKeyUpdate().execute();
    const admins = await trx.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('role', '=', 'admin').execute();
    const current = await trx.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    if (!current) throw notFound('Member');
    if (current.role === 'admin' && next !== 'admin' && admins.length <= 1) {
      throw new PlatformError('conflict', 'A workspace needs at least one admin');
    }
    if (next === null) {
      await trx.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    } else {
      await trx.updateTable('memberships').set({ role: next }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    }
    const subType = next === null ? 'member_removed' : 'role_changed';
    const endsGrants = next === null || losesGrantingRole(current.role, next);
    const { ended, apiTokens } = endsGrants ? await endGrantsOfMember(ctx, trx, workspaceId, userId, subType, actor) : { ended: nothingEnded(), apiTokens: 0 };
    const counts: MembershipChange = { authorizationsRevoked: ended.authorizationIds.length, apiTokensRevoked: apiTokens };
    await recordAudit(ctx, { workspaceId, actor, eventType: 'workspace_membership', eventSubType: subType, payload: { userId, role: next, ...counts } }, trx);
    notices.revoked({ authorizationIds: ended.authorizationIds, tokenIds: ended.tokenIds, webhookIds: ended.webhookIds });
    return counts;
  });
}
