import { consumeAccountLink, issueAccountLink, LINK_TTL_MS } from './account-links.js';
import { verificationMail } from './account-mail.js';
import { admitAttempt } from './attempt-throttle.js';
import { isoNow, type PlatformContext } from '../context.js';
import type { User } from './users.js';
import { transaction } from '../../store/transaction.js';

/**
 * docs/dashboard.md, "Email verification": an account made by sign-up must follow a link sent to its
 * address before it may install apps. `sendVerificationSoon` is for sign-up (its answer must not depend
 * on mail); `resendVerification` is the re-send button: counted against the account's
 * `verification-mail` throttle, it throws MailNotSent so the page can say the mail did not go out.
 */
const message = (ctx: PlatformContext, user: User, secret: string) =>
  verificationMail(ctx.catalogue, user.email, { link: ctx.mail.link(`/verify-email/${secret}`), ttlMs: LINK_TTL_MS['email-verification'] });

export async function sendVerificationSoon(ctx: PlatformContext, user: User): Promise<void> {
  ctx.mail.sendSoon(message(ctx, user, await issueAccountLink(ctx, user, 'email-verification')));
}

export async function resendVerification(ctx: PlatformContext, user: User): Promise<void> {
  if (user.emailVerified) return;
  await admitAttempt(ctx, [['verification-mail', user.id]]);
  await ctx.mail.send(message(ctx, user, await issueAccountLink(ctx, user, 'email-verification')));
}

/** Spends a verification link; returns whether it verified an address. */
export async function verifyEmail(ctx: PlatformContext, secret: string): Promise<boolean> {
  return transaction(ctx.db, async (trx) => {
    const now = isoNow(ctx);
    const userId = await consumeAccountLink(trx, secret, 'email-verification', now);
    if (!userId) return false;
    await trx.updateTable('users').set({ email_verified_at: now, updated_at: now }).where('id', '=', userId).execute();
    return true;
  });
}

/** The rule consent applies: only a verified address may install apps. */
export const EMAIL_NOT_VERIFIED = 'Confirm your email address before installing apps: open the link we sent you, or send a new one.';
