import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import { isoNow, type PlatformContext } from '../context.js';
import { toUser, type User } from './users.js';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Starts a dashboard session; returns the cookie value (stored only as a digest, so sessions survive restarts safely). */
export async function startSession(ctx: PlatformContext, userId: string): Promise<string> {
  const value = newSecret(TOKEN_PREFIX.session);
  const now = ctx.now();
  await ctx.db
    .insertInto('login_sessions')
    .values({
      digest: digest(value),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    })
    .execute();
  return value;
}

/** The signed-in user for a cookie value, or undefined when it is unknown or expired. */
export async function resolveSession(ctx: PlatformContext, value: string): Promise<User | undefined> {
  const row = await ctx.db
    .selectFrom('login_sessions')
    .innerJoin('users', 'users.id', 'login_sessions.user_id')
    .selectAll('users')
    .select('login_sessions.expires_at')
    .where('login_sessions.digest', '=', digest(value))
    .executeTakeFirst();
  if (!row || row.expires_at <= isoNow(ctx)) return undefined;
  return toUser(row);
}

export async function endSession(ctx: PlatformContext, value: string): Promise<void> {
  await ctx.db.deleteFrom('login_sessions').where('digest', '=', digest(value)).execute();
}

/** Ends every session of a user (after a password change, except the one kept). */
export async function endOtherSessions(ctx: PlatformContext, userId: string, keep: string | undefined): Promise<void> {
  let query = ctx.db.deleteFrom('login_sessions').where('user_id', '=', userId);
  if (keep) query = query.where('digest', '!=', digest(keep));
  await query.execute();
}
