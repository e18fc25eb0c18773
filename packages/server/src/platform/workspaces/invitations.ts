import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { InvitationRow } from '../../store/schema.js';
import type { Role } from '../../domain.js';
import { invitationMail } from '../accounts/account-mail.js';
import { admitAttempt } from '../accounts/attempt-throttle.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound } from '../errors.js';
import { checkEmail } from '../accounts/users.js';
import { mayGrantRole } from './workspace-roles.js';
import { checkRole, getWorkspace } from './workspaces.js';
import { transaction } from '../../store/transaction.js';

/** docs/dashboard.md, "Invitations": how long an invitation can be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdOn: string;
  expiresOn: string;
  /** Whether the last email carrying it reached the mail server. */
  delivered: boolean;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
}

function toInvitation(row: InvitationRow, nowIso: string): Invitation {
  const status = row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at <= nowIso ? 'expired' : 'pending';
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by_email,
    createdOn: row.created_at,
    expiresOn: row.expires_at,
    delivered: row.delivery === 'sent',
    status,
  };
}

/**
 * Who invites: a signed-in user (`id` set), or an operator — the CLI on the database (no id, no email) or
 * an admin API key (no id, `admin-key:<id>`). A user's invitations count against their `member-lookup`
 * throttle; an operator's do not: it is the product's backend provisioning its own people.
 */
export interface Inviter extends AuditActor {
  /** The inviter's role in the workspace: a role is handed out only by someone holding it. */
  role: Role | undefined;
}

/** An operator acting on a workspace (CLI or admin API key): as strong as the workspace's admins. */
export const operatorInviter = (actor: AuditActor | null): Inviter => ({ id: actor?.id ?? null, email: actor?.email ?? null, role: 'admin' });

const throttleInviter = async (ctx: PlatformContext, by: Inviter) => {
  if (by.id) await admitAttempt(ctx, [['member-lookup', by.id]]);
};

const pendingFor = (ctx: PlatformContext, workspaceId: string) =>
  ctx.db.selectFrom('invitations').where('workspace_id', '=', workspaceId).where('accepted_at', 'is', null).where('revoked_at', 'is', null);

/**
 * Invites an address with a role. The answer is the same whether or not the address has an account —
 * nothing about accounts is looked up — and each invitation counts against the inviter's
 * `member-lookup` throttle (docs/rate-limits.md). The email is sent at once; when it does not go out
 * the invitation stays, marked undelivered, and can be re-sent. Throws AttemptsThrottled past the limit.
 */
export async function inviteMember(
  ctx: PlatformContext,
  workspaceId: string,
  rawEmail: string,
  rawRole: string,
  by: Inviter,
): Promise<{ invitation: Invitation; delivered: boolean }> {
  const role = checkRole(rawRole);
  if (!mayGrantRole(by.role, role)) throw new PlatformError('forbidden', 'Only workspace admins can invite, and only to a role they hold');
  const email = checkEmail(rawEmail);
  await throttleInviter(ctx, by);
  const member = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.workspace_id', '=', workspaceId)
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (member)
    throw new PlatformError('conflict', 'That address belongs to a member of this workspace already', [{ field: 'email', message: 'Already a member' }]);
  const now = isoNow(ctx);
  const live = await pendingFor(ctx, workspaceId).select('id').where('email', '=', email).where('expires_at', '>', now).executeTakeFirst();
  if (live)
    throw new PlatformError('conflict', 'An invitation to this address is pending: re-send or revoke it below', [
      { field: 'email', message: 'Already invited' },
    ]);
  const secret = newSecret(TOKEN_PREFIX.invitation);
  const row: InvitationRow = {
    id: newId(),
    workspace_id: workspaceId,
    email,
    role,
    token_digest: digest(secret),
    invited_by_user_id: by.id,
    invited_by_email: by.email,
    created_at: now,
    expires_at: new Date(ctx.now().getTime() + INVITATION_TTL_MS).toISOString(),
    accepted_at: null,
    accepted_by_user_id: null,
    revoked_at: null,
    delivery: 'failed',
  };
  await transaction(ctx.db, async (trx) => {
    await trx.insertInto('invitations').values(row).execute();
    await recordAudit(ctx, { workspaceId, actor: by, eventType: 'workspace_invitation', eventSubType: 'invite_sent', payload: { email, role } }, trx);
  });
  const delivered = await mailInvitation(ctx, row, secret);
  return { invitation: toInvitation({ ...row, delivery: delivered ? 'sent' : 'failed' }, now), delivered };
}

/** Sends the invitation again with a new link and a new expiry (the old link stops working). */
export async function resendInvitation(ctx: PlatformContext, workspaceId: string, invitationId: string, by: Inviter): Promise<boolean> {
  if (!mayGrantRole(by.role, 'admin')) throw new PlatformError('forbidden', 'Only workspace admins can re-send invitations');
  await throttleInviter(ctx, by);
  const secret = newSecret(TOKEN_PREFIX.invitation);
  const expiresAt = new Date(ctx.now().getTime() + INVITATION_TTL_MS).toISOString();
  const row = await transaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('invitations')
      .set({ token_digest: digest(secret), expires_at: expiresAt })
      .where('id', '=', invitationId)
      .where('workspace_id', '=', workspaceId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw notFound('Invitation');
    await recordAudit(
      ctx,
      { workspaceId, actor: by, eventType: 'workspace_invitation', eventSubType: 'invite_updated', payload: { email: updated.email, role: updated.role } },
      trx,
    );
    return updated;
  });
  return mailInvitation(ctx, row, secret);
}

/** Revokes a pending invitation; its link stops working at once. */
export async function revokeInvitation(ctx: PlatformContext, workspaceId: string, invitationId: string, by: Inviter): Promise<void> {
  if (!mayGrantRole(by.role, 'admin')) throw new PlatformError('forbidden', 'Only workspace admins can revoke invitations');
  await transaction(ctx.db, async (trx) => {
    const row = await trx
      .updateTable('invitations')
      .set({ revoked_at: isoNow(ctx) })
      .where('id', '=', invitationId)
      .where('workspace_id', '=', workspaceId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['email', 'role'])
      .executeTakeFirst();
    if (!row) throw notFound('Invitation');
    await recordAudit(
      ctx,
      { workspaceId, actor: by, eventType: 'workspace_invitation', eventSubType: 'invite_canceled', payload: { email: row.email, role: row.role } },
      trx,
    );
  });
}

/** Invitations neither accepted nor revoked, expired ones included (they can be re-sent), newest first. */
export async function listPendingInvitations(ctx: PlatformContext, workspaceId: string): Promise<Invitation[]> {
  const rows = await pendingFor(ctx, workspaceId).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const now = isoNow(ctx);
  return rows.map((r) => toInvitation(r, now));
}

async function mailInvitation(ctx: PlatformContext, row: InvitationRow, secret: string): Promise<boolean> {
  const workspace = await getWorkspace(ctx, row.workspace_id);
  const message = invitationMail(ctx.catalogue, row.email, {
    workspaceName: workspace.name,
    role: row.role,
    // An operator's invitation names no inviter: "admin-key:…" means nothing to the invitee.
    inviter: row.invited_by_user_id ? row.invited_by_email : null,
    link: ctx.mail.link(`/invitations/${secret}`),
    expiresAt: row.expires_at,
  });
  const delivered = await ctx.mail.trySend(message);
  await ctx.db
    .updateTable('invitations')
    .set({ delivery: delivered ? 'sent' : 'failed' })
    .where('id', '=', row.id)
    .where('token_digest', '=', row.token_digest)
    .execute();
  return delivered;
}
