import { recordAudit, type AuditActor } from '../audit/audit.js';
import { hasSecondFactor } from '../accounts/two-factor/second-factor.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation } from '../errors.js';

/**
 * A workspace that requires two-factor sign-in of its members (docs/dashboard.md, "Two-factor
 * sign-in"), met by an account without a second factor. Surfaces send the person to set one up.
 */
export class TwoFactorRequired extends PlatformError {
  constructor(
    readonly workspaceId: string,
    workspaceName: string,
  ) {
    super('forbidden', `${workspaceName} requires two-factor sign-in. Set it up on your account page, then come back.`);
    this.name = 'TwoFactorRequired';
  }
}

export async function requiresTwoFactor(ctx: PlatformContext, workspaceId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('workspaces').select('two_factor_required_at').where('id', '=', workspaceId).executeTakeFirst();
  return Boolean(row?.two_factor_required_at);
}

/** The one check every surface that opens a workspace for a person runs: throws TwoFactorRequired when it applies. */
export async function checkTwoFactorRequirement(ctx: PlatformContext, workspace: { id: string; name: string }, userId: string): Promise<void> {
  if ((await requiresTwoFactor(ctx, workspace.id)) && !(await hasSecondFactor(ctx, userId))) throw new TwoFactorRequired(workspace.id, workspace.name);
}

/** Names of the account's workspaces that require two-factor sign-in. */
export async function workspacesRequiringTwoFactor(ctx: PlatformContext, userId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('workspaces')
    .innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
    .select('workspaces.name')
    .where('memberships.user_id', '=', userId)
    .where('workspaces.two_factor_required_at', 'is not', null)
    .orderBy('workspaces.name')
    .execute();
  return rows.map((r) => r.name);
}

/**
 * Turns the requirement on or off (the caller has checked the admin role). An admin turning it on
 * must have a second factor, or they would shut themselves out of the workspace they are changing.
 * Sessions and tokens are left alone: the requirement applies when a member next opens the workspace.
 */
export async function setTwoFactorRequirement(ctx: PlatformContext, workspaceId: string, required: boolean, actor: AuditActor & { id: string }): Promise<void> {
  if (required && !(await hasSecondFactor(ctx, actor.id)))
    throw validation('twoFactor', 'Turn on two-factor sign-in for your own account first (Account page).');
  const result = await ctx.db
    .updateTable('workspaces')
    .set({ two_factor_required_at: required ? isoNow(ctx) : null, updated_at: isoNow(ctx) })
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('Workspace');
  await recordAudit(ctx, { workspaceId, actor, eventType: 'workspace_setting', eventSubType: 'two_factor_requirement_changed', payload: { required } });
}
