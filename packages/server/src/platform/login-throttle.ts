import { sql } from 'kysely';
import type { PlatformContext } from './context.js';

/**
 * After this many failures within the window, the key is locked for LOCK_MS. For `signup` every attempt
 * from an address counts, successful or not: each one hashes a password and may create an account.
 */
export const MAX_FAILURES = { email: 5, ip: 20, signup: 10 } as const;
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

/**
 * One atomic upsert per key: a read-then-write would lose counts when an attacker sends attempts in
 * parallel (PostgreSQL runs them concurrently), letting them slip under the limit.
 */
export async function recordFailure(ctx: PlatformContext, keys: Array<[KeyKind, string]>): Promise<void> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const lockUntil = new Date(now.getTime() + LOCK_MS).toISOString();
  for (const [kind, value] of keys) {
    const max = MAX_FAILURES[kind];
    const expired = sql<boolean>`login_attempts.window_started_at < ${windowStart}`;
    const failures = sql<number>`case when ${expired} then 1 else login_attempts.failures + 1 end`;
    await ctx.db
      .insertInto('login_attempts')
      .values({ key: key(kind, value), failures: 1, window_started_at: nowIso, locked_until: max <= 1 ? lockUntil : null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures,
          window_started_at: sql<string>`case when ${expired} then ${nowIso} else login_attempts.window_started_at end`,
          locked_until: sql<string | null>`case when ${failures} >= ${max} then ${lockUntil} else login_attempts.locked_until end`,
        }),
      )
      .execute();
  }
}

export async function clearFailures(ctx: PlatformContext, email: string): Promise<void> {
  await ctx.db.deleteFrom('login_attempts').where('key', '=', key('email', email)).execute();
}
