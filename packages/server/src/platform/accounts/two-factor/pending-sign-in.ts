import { TOKEN_PREFIX, digest, newSecret } from '../../../crypto/tokens.js';
import { isoNow, type PlatformContext } from '../../context.js';
import { toUser, type User } from '../users.js';

/** How long the second step waits after the password (or the upstream provider) was accepted. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;

export interface PendingSignIn {
  user: User;
  /** `password`, `upstream:<provider id>`. */
  method: string;
  returnTo: string;
}

/**
 * Parks a sign-in whose first factor was accepted. The value goes into an HttpOnly cookie of this
 * browser only (stored as a digest), so the second step cannot be finished from anywhere else.
 */
export async function startPendingSignIn(ctx: PlatformContext, userId: string, method: string, returnTo: string): Promise<string> {
  const value = newSecret(TOKEN_PREFIX.pendingSignIn);
  const now = ctx.now();
  await ctx.db
    .insertInto('pending_sign_ins')
    .values({
      digest: digest(value),
      user_id: userId,
      method,
      return_to: returnTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PENDING_SIGN_IN_TTL_MS).toISOString(),
    })
    .execute();
  return value;
}

export async function loadPendingSignIn(ctx: PlatformContext, value: string | undefined): Promise<PendingSignIn | undefined> {
  if (!value || !value.startsWith(TOKEN_PREFIX.pendingSignIn)) return undefined;
  const row = await ctx.db
    .selectFrom('pending_sign_ins')
    .innerJoin('users', 'users.id', 'pending_sign_ins.user_id')
    .selectAll('users')
    .select(['pending_sign_ins.method', 'pending_sign_ins.return_to', 'pending_sign_ins.expires_at'])
    .where('pending_sign_ins.digest', '=', digest(value))
    .executeTakeFirst();
  if (!row || row.expires_at <= isoNow(ctx)) return undefined;
  return { user: toUser(row), method: row.method, returnTo: row.return_to };
}

/** Ends the parked sign-in; true for the one caller that ended it (so a second step completes once). */
export async function endPendingSignIn(ctx: PlatformContext, value: string): Promise<boolean> {
  const result = await ctx.db.deleteFrom('pending_sign_ins').where('digest', '=', digest(value)).where('expires_at', '>', isoNow(ctx)).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Pending sign-ins past their five minutes (docs/deployment.md, "Housekeeping"): the cookie is refused already. */
export async function sweepExpiredPendingSignIns(ctx: PlatformContext): Promise<number> {
  const result = await ctx.db.deleteFrom('pending_sign_ins').where('expires_at', '<', isoNow(ctx)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
