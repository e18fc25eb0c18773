import { consumeAccountLink, issueAccountLink, LINK_TTL_MS } from './account-links.js';
import { passwordResetMail } from './account-mail.js';
import { admitAttempt, throttledAddress } from './attempt-throttle.js';
import { isoNow, type PlatformContext } from '../context.js';
import { emailIdentity } from './email-identity.js';
import { PlatformError } from '../errors.js';
import { checkPassword, findUserByEmail } from './users.js';
import { transaction } from '../../store/transaction.js';

/**
 * docs/dashboard.md, "Password reset": asks for a link. The attempt is counted for the client's address
 * and for the address asked about before anything is looked up (docs/rate-limits.md), and the answer
 * is the same whether or not an account has it: the mail goes out in the background, so neither the
 * time taken nor a mail failure tells accounts apart. Throws AttemptsThrottled past a limit.
 */
export async function requestPasswordReset(ctx: PlatformContext, email: string, clientAddress: string): Promise<void> {
  const identity = emailIdentity(email);
  await admitAttempt(ctx, [
    ['password-reset', throttledAddress(clientAddress)],
    ['password-reset-account', identity],
  ]);
  const user = await findUserByEmail(ctx, identity);
  if (!user) return;
  const secret = await issueAccountLink(ctx, user, 'password-reset');
  ctx.mail.sendSoon(passwordResetMail(ctx.catalogue, user.email, { link: ctx.mail.link(`/password/reset/${secret}`), ttlMs: LINK_TTL_MS['password-reset'] }));
}

export const LINK_SPENT = 'This link has expired or was already used. Ask for a new one.';

/**
 * Sets a new password with a reset link: the link is spent in the transaction that changes the
 * password and ends every session of the account, so a second use of the same link finds nothing.
 * Following the link also proves the address, so it counts as verified.
 */
export async function resetPassword(ctx: PlatformContext, secret: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await ctx.passwords.hash(password);
  await transaction(ctx.db, async (trx) => {
    const now = isoNow(ctx);
    const userId = await consumeAccountLink(trx, secret, 'password-reset', now);
    if (!userId) throw new PlatformError('conflict', LINK_SPENT);
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).execute();
    await trx.updateTable('users').set({ email_verified_at: now }).where('id', '=', userId).where('email_verified_at', 'is', null).execute();
    await trx.deleteFrom('login_sessions').where('user_id', '=', userId).execute();
  });
}
