import { digest } from '../../crypto/tokens.js';
import type { Role } from '../../domain.js';
import { recordAudit } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError } from '../errors.js';
import type { User } from '../accounts/users.js';
import { transaction } from '../../store/transaction.js';

/** What the invitation page shows to whoever holds the link. */
export interface InvitationOffer {
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
}

const byLink = (ctx: PlatformContext, secret: string) =>
  ctx.db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([
      'invitations.id',
      'invitations.workspace_id',
      'workspaces.name',
      'invitations.email',
      'invitations.role',
      'invitations.invited_by_email',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
    ])
    .where('invitations.token_digest', '=', digest(secret));

/** The invitation behind a link, or undefined for a link that names none. */
export async function findInvitationOffer(ctx: PlatformContext, secret: string): Promise<InvitationOffer | undefined> {
  const row = await byLink(ctx, secret).executeTakeFirst();
  if (!row) return undefined;
  const status = row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at <= isoNow(ctx) ? 'expired' : 'pending';
  return { workspaceId: row.workspace_id, workspaceName: row.name, email: row.email, role: row.role, invitedBy: row.invited_by_email, status };
}

export const NOT_FOR_YOU = 'This invitation was sent to another address. Sign out, then sign in (or create an account) with the address it was sent to.';
export const NO_LONGER_VALID = 'This invitation has expired, was revoked or was already used. Ask an admin of the workspace to invite you again.';

/**
 * docs/dashboard.md, "Invitations": the signed-in account accepts. The invitation is bound to the
 * address it was sent to, so another account cannot take it; it is spent by the database
 * (`UPDATE … WHERE accepted_at IS NULL` and the row count) in the transaction that adds the
 * membership, so it works once. Accepting proves the address, so it counts as verified.
 */
export async function acceptInvitation(ctx: PlatformContext, secret: string, user: User): Promise<{ workspaceId: string }> {
  return transaction(ctx.db, async (trx) => {
    const now = isoNow(ctx);
    const row = await trx
      .selectFrom('invitations')
      .select(['id', 'workspace_id', 'email', 'role', 'invited_by_email'])
      .where('token_digest', '=', digest(secret))
      .executeTakeFirst();
    if (!row) throw new PlatformError('not_found', NO_LONGER_VALID);
    if (row.email !== user.email) throw new PlatformError('forbidden', NOT_FOR_YOU);
    const spent = await trx
      .updateTable('invitations')
      .set({ accepted_at: now, accepted_by_user_id: user.id })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new PlatformError('conflict', NO_LONGER_VALID);
    const actor = { id: user.id, email: user.email };
    const added = await trx
      .insertInto('memberships')
      .values({ workspace_id: row.workspace_id, user_id: user.id, role: row.role, created_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
      .executeTakeFirst();
    await trx.updateTable('users').set({ email_verified_at: now }).where('id', '=', user.id).where('email_verified_at', 'is', null).execute();
    await recordAudit(
      ctx,
      {
        workspaceId: row.workspace_id,
        actor,
        eventType: 'workspace_invitation',
        eventSubType: 'invite_accepted',
        payload: { userId: user.id, email: row.email, role: row.role },
      },
      trx,
    );
    if (Number(added.numInsertedOrUpdatedRows ?? 0) > 0) {
      await recordAudit(
        ctx,
        { workspaceId: row.workspace_id, actor, eventType: 'workspace_membership', eventSubType: 'member_added', payload: { userId: user.id, role: row.role } },
        trx,
      );
    }
    return { workspaceId: row.workspace_id };
  });
}
