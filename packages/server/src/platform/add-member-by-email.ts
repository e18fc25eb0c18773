import { admitAttempt } from './attempt-throttle.js';
import type { PlatformContext } from './context.js';
import { findUserByEmail } from './users.js';
import { addMember, checkRole } from './workspaces.js';

/**
 * Adds the account with this address, if there is one (docs/dashboard.md, "Workspaces"). The answer is
 * the same whether or not an account has the address, and each look-up counts against the acting
 * user's `member-lookup` throttle (docs/rate-limits.md), so the form cannot be used to list accounts.
 * Throws AttemptsThrottled past the limit; a bad role is refused before the look-up, for every address.
 */
export async function addMemberByEmail(ctx: PlatformContext, workspaceId: string, email: string, role: string, by: { id: string; email: string }): Promise<void> {
  const checked = checkRole(role);
  await admitAttempt(ctx, [['member-lookup', by.id]]);
  const invitee = await findUserByEmail(ctx, email);
  if (invitee) await addMember(ctx, workspaceId, invitee.id, checked, { id: by.id, email: by.email });
}
