import { randomBytes } from 'node:crypto';
import { digest } from '../../../crypto/tokens.js';
import type { WebAuthnPurpose } from '../../../store/schema.js';
import { isoNow, type PlatformContext } from '../../context.js';

/** How long a browser has to answer a WebAuthn request (the options' own timeout is 60 s). */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** Keeps a challenge for one browser; returns the handle the browser carries (in a cookie) to the answer. */
export async function issueChallenge(ctx: PlatformContext, purpose: WebAuthnPurpose, userId: string | null, challenge: string): Promise<string> {
  const handle = randomBytes(32).toString('base64url');
  await ctx.db
    .insertInto('webauthn_challenges')
    .values({ digest: digest(handle), purpose, user_id: userId, challenge, expires_at: new Date(ctx.now().getTime() + CHALLENGE_TTL_MS).toISOString() })
    .execute();
  return handle;
}

/**
 * Spends the challenge behind a handle: the row is deleted as it is read, so each challenge answers
 * one response (WebAuthn §13.4.3). Undefined when it is unknown, expired, for another purpose or
 * account.
 */
export async function spendChallenge(
  ctx: PlatformContext,
  handle: string | undefined,
  purpose: WebAuthnPurpose,
  userId: string | null,
): Promise<string | undefined> {
  if (!handle || handle.length > 100) return undefined;
  const row = await ctx.db.deleteFrom('webauthn_challenges').where('digest', '=', digest(handle)).returningAll().executeTakeFirst();
  if (!row || row.purpose !== purpose || row.user_id !== userId || row.expires_at <= isoNow(ctx)) return undefined;
  return row.challenge;
}

/** Challenges never answered (docs/deployment.md, "Housekeeping"). */
export async function sweepExpiredChallenges(ctx: PlatformContext): Promise<number> {
  const result = await ctx.db.deleteFrom('webauthn_challenges').where('expires_at', '<', isoNow(ctx)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
