import type { PlatformContext } from './context.js';

/** After this many failures within the window, the key is locked for LOCK_MS. */
export const MAX_FAILURES = { email: 5, ip: 20 } as const;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

type KeyKind = keyof typeof MAX_FAILURES;

const key = (kind: KeyKind, value: string) => `${kind}:${value.toLowerCase()}`;

/** Seconds until the earliest lock on these keys ends, or 0 when none is locked. */
export async function lockedFor(ctx: PlatformContext, keys: Array<[KeyKind, string]>): Promise<number> {
  const now = ctx.now().getTime();
  const rows = await ctx.db.selectFrom('login_attempts').selectAll().where('key', 'in', keys.map(([k, v]) => key(k, v))).execute();
  const until = Math.max(0, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

export async function recordFailure(ctx: PlatformContext, keys: Array<[KeyKind, string]>): Promise<void> {
  const now = ctx.now();
  for (const [kind, value] of keys) {
    const k = key(kind, value);
    await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('login_attempts').selectAll().where('key', '=', k).executeTakeFirst();
      const fresh = !row || now.getTime() - Date.parse(row.window_started_at) > WINDOW_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const locked_until = failures >= MAX_FAILURES[kind] ? new Date(now.getTime() + LOCK_MS).toISOString() : null;
      const values = { key: k, failures, window_started_at: fresh ? now.toISOString() : row.window_started_at, locked_until };
      await trx.insertInto('login_attempts').values(values).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
    });
  }
}

export async function clearFailures(ctx: PlatformContext, email: string): Promise<void> {
  await ctx.db.deleteFrom('login_attempts').where('key', '=', key('email', email)).execute();
}
