import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound } from '../errors.js';
import { findUserByEmail, type User } from '../accounts/users.js';
import { transaction } from '../../store/transaction.js';

/**
 * Deployment operators (ADR 0026; docs/dashboard.md, "Admin API keys"): the people who may manage the
 * deployment's admin API keys in the dashboard. Admin keys reach every workspace, so no workspace role
 * grants this. Only the CLI on the database makes or removes an operator — someone who already holds the
 * deployment — so neither an admin key nor an operator's session can make another operator.
 */
export interface Operator {
  userId: string;
  email: string;
  since: string;
}

export async function isOperator(ctx: PlatformContext, userId: string): Promise<boolean> {
  return (await ctx.db.selectFrom('deployment_operators').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Throws `forbidden` unless the user is an operator: the one check every admin-key page makes. */
export async function requireOperator(ctx: PlatformContext, user: Pick<User, 'id'>): Promise<void> {
  if (!(await isOperator(ctx, user.id))) throw new PlatformError('forbidden', 'Only deployment operators can manage admin API keys');
}

export async function listOperators(ctx: PlatformContext): Promise<Operator[]> {
  const rows = await ctx.db
    .selectFrom('deployment_operators')
    .innerJoin('users', 'users.id', 'deployment_operators.user_id')
    .select(['users.id', 'users.email', 'deployment_operators.granted_at'])
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, since: r.granted_at }));
}

/** Makes the account with this email an operator; returns false when it was one already. */
export async function grantOperator(ctx: PlatformContext, email: string, actor: AuditActor | null = null): Promise<{ user: User; granted: boolean }> {
  const user = await findUserByEmail(ctx, email);
  if (!user) throw notFound(`User "${email.trim()}"`);
  const granted = await transaction(ctx.db, async (trx) => {
    const result = await trx
      .insertInto('deployment_operators')
      .values({ user_id: user.id, granted_at: isoNow(ctx) })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    const added = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    if (added)
      await recordAudit(
        ctx,
        { workspaceId: null, actor, eventType: 'admin_access', eventSubType: 'operator_granted', payload: { userId: user.id, email: user.email } },
        trx,
      );
    return added;
  });
  return { user, granted };
}

/** Ends a user's operator role; returns false when they were not one. */
export async function revokeOperator(ctx: PlatformContext, email: string, actor: AuditActor | null = null): Promise<{ user: User; revoked: boolean }> {
  const user = await findUserByEmail(ctx, email);
  if (!user) throw notFound(`User "${email.trim()}"`);
  const revoked = await transaction(ctx.db, async (trx) => {
    const result = await trx.deleteFrom('deployment_operators').where('user_id', '=', user.id).executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed)
      await recordAudit(
        ctx,
        { workspaceId: null, actor, eventType: 'admin_access', eventSubType: 'operator_revoked', payload: { userId: user.id, email: user.email } },
        trx,
      );
    return removed;
  });
  return { user, revoked };
}
