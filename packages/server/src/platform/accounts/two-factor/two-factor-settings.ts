import { admitAttempt, clearAttempts, type AttemptKey } from '../attempt-throttle.js';
import type { PlatformContext } from '../../context.js';
import { notFound, validation } from '../../errors.js';
import type { User } from '../users.js';
import { removeAllPasskeys, removePasskey, registerPasskey, type Passkey, type RelyingParty } from './passkeys.js';
import { removeRecoveryCodes, replaceRecoveryCodes, spendRecoveryCode, unusedRecoveryCodes } from './recovery-codes.js';
import { hasSecondFactor, noteTwoFactorChange, secondFactorsOf } from './second-factor.js';
import { removeTotp, spendTotpCode } from './totp.js';

/**
 * The account page's two-factor rules (docs/dashboard.md, "Two-factor sign-in"). Turning a factor on
 * for an account that had none also makes its recovery codes, returned to be shown once.
 */

/** Confirms the authenticator app being set up with a code from it; returns the recovery codes when they were made now. */
export async function confirmTotp(ctx: PlatformContext, user: User, code: string): Promise<{ recoveryCodes: string[] | undefined }> {
  const throttle: AttemptKey = ['two-factor', user.id];
  await admitAttempt(ctx, [throttle]);
  const hadFactor = await hasSecondFactor(ctx, user.id);
  if (!(await spendTotpCode(ctx, user.id, code, false))) throw validation('code', 'That code is not right. Enter the 6-digit code your app shows now.');
  await clearAttempts(ctx, [throttle]);
  const recoveryCodes = hadFactor && (await unusedRecoveryCodes(ctx, user.id)) > 0 ? undefined : await replaceRecoveryCodes(ctx, user.id);
  await noteTwoFactorChange(ctx, user, 'two_factor_enabled', { method: 'totp' }, { change: 'turned-on', detail: 'An authenticator app was set up.' });
  return { recoveryCodes };
}

/** Registers a passkey from the browser's answer; returns it, with recovery codes when it is the account's first factor. */
export async function addPasskey(
  ctx: PlatformContext,
  rp: RelyingParty,
  user: User,
  input: { handle: string | undefined; name: string; response: unknown },
): Promise<{ passkey: Passkey; recoveryCodes: string[] | undefined }> {
  const hadFactor = await hasSecondFactor(ctx, user.id);
  const passkey = await registerPasskey(ctx, rp, user.id, input);
  const recoveryCodes = hadFactor && (await unusedRecoveryCodes(ctx, user.id)) > 0 ? undefined : await replaceRecoveryCodes(ctx, user.id);
  await noteTwoFactorChange(ctx, user, 'passkey_added', { name: passkey.name }, { change: 'passkey-added', detail: `Its name: "${passkey.name}".` });
  return { passkey, recoveryCodes };
}

/**
 * Proof that the person at the keyboard is the owner before two-factor is weakened: the account's
 * password, a current authenticator code or a recovery code, counted on the account's `two-factor`
 * throttle (a stolen session cannot guess its way through).
 */
export async function proveOwner(ctx: PlatformContext, userId: string, proof: string): Promise<void> {
  const throttle: AttemptKey = ['two-factor', userId];
  await admitAttempt(ctx, [throttle]);
  const value = proof.trim();
  const ok =
    value.length > 0 &&
    ((/^\d{6}$/.test(value.replace(/\s+/g, '')) && (await spendTotpCode(ctx, userId, value, true))) ||
      (await spendRecoveryCode(ctx, userId, value)) ||
      (await passwordMatches(ctx, userId, value)));
  if (!ok) throw validation('proof', 'That is not your password or a current code.');
  await clearAttempts(ctx, [throttle]);
}

async function passwordMatches(ctx: PlatformContext, userId: string, password: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return Boolean(row?.password_hash) && ctx.passwords.verify(password.slice(0, 1024), row!.password_hash);
}

/** Turns two-factor sign-in off: the authenticator app, every passkey and the recovery codes go. */
export async function turnOffTwoFactor(ctx: PlatformContext, user: User, proof: string): Promise<void> {
  await proveOwner(ctx, user.id, proof);
  await removeTotp(ctx, user.id);
  await removeAllPasskeys(ctx, user.id);
  await removeRecoveryCodes(ctx, user.id);
  await noteTwoFactorChange(ctx, user, 'two_factor_disabled', {}, { change: 'turned-off' });
}

/** Removes one passkey; when it was the last factor, that is turning two-factor off, and the recovery codes go too. */
export async function deletePasskey(ctx: PlatformContext, user: User, passkeyId: string, proof: string): Promise<void> {
  await proveOwner(ctx, user.id, proof);
  const name = await removePasskey(ctx, user.id, passkeyId);
  if (name === undefined) throw notFound('Passkey');
  await noteTwoFactorChange(ctx, user, 'passkey_removed', { name }, { change: 'passkey-removed', detail: `Its name was "${name}".` });
  const left = await secondFactorsOf(ctx, user.id);
  if (!left.totp && left.passkeys === 0) {
    await removeRecoveryCodes(ctx, user.id);
    await noteTwoFactorChange(ctx, user, 'two_factor_disabled', {}, { change: 'turned-off' });
  }
}

/** A new set of recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: PlatformContext, user: User): Promise<string[]> {
  if (!(await hasSecondFactor(ctx, user.id))) throw validation('recovery', 'Turn on two-factor sign-in first.');
  const codes = await replaceRecoveryCodes(ctx, user.id);
  await noteTwoFactorChange(ctx, user, 'recovery_codes_regenerated', {}, { change: 'recovery-codes-replaced' });
  return codes;
}
