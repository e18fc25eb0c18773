import { clearAttempts, countAttempt, forgiveAttempt, throttledAddress, type AttemptKey } from '../attempt-throttle.js';
import type { PlatformContext } from '../../context.js';
import { finishSignIn, type SignInBrowser } from '../sign-in.js';
import { toUser, type User } from '../users.js';
import { endPendingSignIn, loadPendingSignIn } from './pending-sign-in.js';
import { verifyPasskey, type RelyingParty } from './passkeys.js';
import { spendRecoveryCode } from './recovery-codes.js';
import { noteTwoFactorChange } from './second-factor.js';
import { spendTotpCode } from './totp.js';

export type SecondProof = { kind: 'code'; code: string } | { kind: 'passkey'; handle: string | undefined; response: unknown };

export type SecondStepResult =
  | { outcome: 'signed-in'; user: User; session: string; device: string; returnTo: string }
  | { outcome: 'expired' }
  | { outcome: 'throttled'; retryAfterSeconds: number }
  | { outcome: 'refused'; user: User };

/** The payload of the login event: how the first step was made, and which second factor finished it. */
const methodPayload = (method: string, second: string): Record<string, unknown> =>
  method.startsWith('upstream:') ? { provider: method.slice('upstream:'.length), secondFactor: second } : { secondFactor: second };

/**
 * The second step of a sign-in (docs/dashboard.md, "Two-factor sign-in"): an authenticator code, a
 * recovery code or a passkey, for the account whose password this browser gave in the last few
 * minutes. Each try is counted on the account's `two-factor` throttle before anything is checked. A
 * success ends the pending sign-in (once: a second success with the same cookie finds it gone) and
 * finishes the sign-in.
 */
export async function completeSecondStep(
  ctx: PlatformContext,
  rp: RelyingParty,
  pendingValue: string | undefined,
  proof: SecondProof,
  from: SignInBrowser,
): Promise<SecondStepResult> {
  const pending = await loadPendingSignIn(ctx, pendingValue);
  if (!pending || !pendingValue) return { outcome: 'expired' };
  const { user } = pending;
  const throttle: AttemptKey = ['two-factor', user.id];
  const admission = await countAttempt(ctx, [throttle]);
  if (!admission.allowed) return { outcome: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  let second: string | undefined;
  if (proof.kind === 'passkey') {
    const verified = await verifyPasskey(ctx, rp, { handle: proof.handle, response: proof.response, userId: user.id });
    if (verified) second = 'passkey';
  } else if (/^\d{6}$/.test(proof.code.replace(/\s+/g, ''))) {
    if (await spendTotpCode(ctx, user.id, proof.code, true)) second = 'totp';
  } else if (await spendRecoveryCode(ctx, user.id, proof.code)) {
    second = 'recovery_code';
  }
  if (!second) return { outcome: 'refused', user };
  if (!(await endPendingSignIn(ctx, pendingValue))) return { outcome: 'expired' };
  await clearAttempts(ctx, [throttle]);
  if (second === 'recovery_code')
    await noteTwoFactorChange(
      ctx,
      user,
      'recovery_code_used',
      {},
      { change: 'recovery-code-used', detail: 'That code no longer works; make new codes on your account page if few are left.' },
    );
  const done = await finishSignIn(ctx, user, from, methodPayload(pending.method, second));
  return { outcome: 'signed-in', user, ...done, returnTo: pending.returnTo };
}

/**
 * A passwordless sign-in with a passkey that verified its user (WebAuthn `uv`), which is then both
 * factors. Counted per address, like password sign-in.
 */
export async function signInWithPasskey(
  ctx: PlatformContext,
  rp: RelyingParty,
  input: { handle: string | undefined; response: unknown },
  from: SignInBrowser,
): Promise<
  { outcome: 'signed-in'; user: User; session: string; device: string } | { outcome: 'throttled'; retryAfterSeconds: number } | { outcome: 'refused' }
> {
  const throttle: AttemptKey = ['passkey-sign-in', throttledAddress(from.address)];
  const admission = await countAttempt(ctx, [throttle]);
  if (!admission.allowed) return { outcome: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  const verified = await verifyPasskey(ctx, rp, { handle: input.handle, response: input.response, userId: undefined });
  if (!verified) return { outcome: 'refused' };
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', verified.userId).executeTakeFirst();
  if (!row) return { outcome: 'refused' };
  const user = toUser(row);
  await forgiveAttempt(ctx, [throttle]);
  return { outcome: 'signed-in', user, ...(await finishSignIn(ctx, user, from, { passkey: true })) };
}
