import type { PlatformContext } from '../../../platform/context.js';
import { listPasskeys } from '../../../platform/accounts/two-factor/passkeys.js';
import { secondFactorsOf } from '../../../platform/accounts/two-factor/second-factor.js';
import type { User } from '../../../platform/accounts/users.js';
import { workspacesRequiringTwoFactor } from '../../../platform/workspaces/two-factor-requirement.js';
import type { AccountView, TwoFactorView } from '../../../views/dashboard/account.js';
import type { FieldErrors } from '../../../views/dashboard/form-kit.js';

/** Everything the account page shows about one account. */
export async function accountViewOf(
  ctx: PlatformContext,
  user: User,
  extra: { notice?: string | undefined; errors?: FieldErrors; twoFactorErrors?: FieldErrors; returnTo?: string | undefined } = {},
): Promise<AccountView> {
  const factors = await secondFactorsOf(ctx, user.id);
  const twoFactor: TwoFactorView = {
    totp: factors.totp,
    passkeys: await listPasskeys(ctx, user.id),
    recoveryCodesLeft: factors.recoveryCodesLeft,
    requiredBy: await workspacesRequiringTwoFactor(ctx, user.id),
    ...(extra.twoFactorErrors ? { errors: extra.twoFactorErrors } : {}),
    returnTo: extra.returnTo,
  };
  return {
    name: `${user.firstName} ${user.lastName}`.trim(),
    email: user.email,
    emailVerified: user.emailVerified,
    ...(extra.notice ? { notice: extra.notice } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    twoFactor,
  };
}
