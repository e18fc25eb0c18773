import { recordAudit } from '../../audit/audit.js';
import type { PlatformContext } from '../../context.js';
import { isoNow } from '../../context.js';
import { listWorkspacesForUser } from '../../workspaces/workspaces.js';
import { twoFactorMail, type TwoFactorChange } from '../account-mail.js';
import type { User } from '../users.js';
import { unusedRecoveryCodes } from './recovery-codes.js';

/** What an account has for its second step. */
export interface SecondFactors {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export async function secondFactorsOf(ctx: PlatformContext, userId: string): Promise<SecondFactors> {
  const totp = await ctx.db.selectFrom('totp_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  const passkeys = await ctx.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { totp: Boolean(totp?.confirmed_at), passkeys: Number(passkeys?.n ?? 0), recoveryCodesLeft: await unusedRecoveryCodes(ctx, userId) };
}

/** The one rule for "this account signs in with two factors": a confirmed authenticator app or a passkey. */
export async function hasSecondFactor(ctx: PlatformContext, userId: string): Promise<boolean> {
  const f = await secondFactorsOf(ctx, userId);
  return f.totp || f.passkeys > 0;
}

/**
 * A two-factor change: a `user_access` audit event in each of the account's workspaces (as sign-ins
 * are recorded) and, for the changes its owner should hear about, an email like the new-device notice.
 */
export async function noteTwoFactorChange(
  ctx: PlatformContext,
  user: Pick<User, 'id' | 'email'>,
  eventSubType: string,
  payload: Record<string, unknown>,
  mail?: { change: TwoFactorChange; detail?: string },
): Promise<void> {
  for (const ws of await listWorkspacesForUser(ctx, user.id)) {
    await recordAudit(ctx, { workspaceId: ws.id, actor: { id: user.id, email: user.email }, eventType: 'user_access', eventSubType, payload });
  }
  if (mail)
    ctx.mail.sendSoon(
      twoFactorMail(ctx.catalogue, user.email, {
        ...mail,
        at: isoNow(ctx),
        accountLink: ctx.mail.link('/account'),
        resetLink: ctx.mail.link('/password/forgot'),
      }),
    );
}
