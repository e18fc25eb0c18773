import { isIPv6 } from 'node:net';
import { sql } from 'kysely';
import type { PlatformContext } from '../context.js';

/**
 * Attempt throttles for what costs a password hash or tells something about an account
 * (docs/rate-limits.md, "Sign-in and other account actions"). Each kind allows `limit` attempts in a
 * window; the attempt that reaches it starts a lock that refuses the key until LOCK_MS have passed.
 */
export const ATTEMPT_LIMITS = {
  /** One account from one address: failures there never lock the owner out of their own addresses. */
  'sign-in': 5,
  /** One address over every account, so an address cannot spray guesses across many accounts. */
  'sign-in-address': 20,
  /** Every sign-up from an address counts, successful or not: each hashes a password. */
  'sign-up': 10,
  /** Wrong current passwords of one signed-in account. */
  password: 5,
  /** Invitations sent (and so addresses looked up) by one signed-in account. */
  'member-lookup': 20,
  /** Password-reset requests from one address, over every account. */
  'password-reset': 10,
  /** Password-reset requests for one address, whether or not it has an account, so nobody's inbox is flooded. */
  'password-reset-account': 3,
  /** Verification emails one signed-in account asks to be sent again. */
  'verification-mail': 5,
  /**
   * Wrong second-step codes of one account, from anywhere: whoever reaches this step knows the password,
   * so each address must not get its own allowance of guesses at a 6-digit code.
   */
  'two-factor': 5,
  /** Passwordless passkey sign-ins from one address. */
  'passkey-sign-in': 20,
} as const;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export type AttemptKind = keyof typeof ATTEMPT_LIMITS;
export type AttemptKey = readonly [AttemptKind, string];

export interface Admission {
  allowed: boolean;
  /** Seconds until the key that refused the attempt opens again; 0 when allowed. */
  retryAfterSeconds: number;
}

const keyOf = ([kind, value]: AttemptKey) => `${kind}:${value.toLowerCase()}`;

/**
 * The client address as throttles count it. One IPv6 subscriber is usually handed a whole /64
 * (RFC 6177), so an IPv6 address counts as its /64 prefix; otherwise each address of one network
 * would get its own allowance. IPv4, and IPv4-mapped IPv6 (`::ffff:a.b.c.d`), count as themselves.
 */
export function throttledAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Counts one attempt on every key *before* the work it guards runs, and says whether it may run. The
 * count is one atomic upsert per key that returns the new count, so parallel attempts each see a
 * distinct number and no more than the limit get through; a read-then-write would let them all read
 * "not locked" while their password hashes run. When one key refuses, the attempt is taken back from
 * the keys that had room: a refused attempt checked nothing.
 */
export async function countAttempt(ctx: PlatformContext, keys: readonly AttemptKey[]): Promise<Admission> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const lockUntil = new Date(now.getTime() + LOCK_MS).toISOString();
  const counted: AttemptKey[] = [];
  let retryAfterSeconds = 0;
  for (const key of keys) {
    const limit = ATTEMPT_LIMITS[key[0]];
    const stale = sql<boolean>`(login_attempts.window_started_at < ${windowStart} and (login_attempts.locked_until is null or login_attempts.locked_until <= ${nowIso}))`;
    const count = sql<number>`case when ${stale} then 1 else login_attempts.failures + 1 end`;
    const row = await ctx.db
      .insertInto('login_attempts')
      .values({ key: keyOf(key), failures: 1, window_started_at: nowIso, locked_until: limit <= 1 ? lockUntil : null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: count,
          window_started_at: sql<string>`case when ${stale} then ${nowIso} else login_attempts.window_started_at end`,
          locked_until: sql<
            string | null
          >`case when ${stale} then null when login_attempts.locked_until is not null then login_attempts.locked_until when ${count} >= ${limit} then ${lockUntil} else null end`,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    if (Number(row.failures) <= limit) {
      counted.push(key);
      continue;
    }
    const until = row.locked_until ? Date.parse(row.locked_until) : now.getTime() + LOCK_MS;
    retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((until - now.getTime()) / 1000), 1);
  }
  if (retryAfterSeconds === 0) return { allowed: true, retryAfterSeconds: 0 };
  await forgiveAttempt(ctx, counted);
  return { allowed: false, retryAfterSeconds };
}

/** Takes one counted attempt back (it succeeded, or another key refused it); a lock it started is lifted. */
export async function forgiveAttempt(ctx: PlatformContext, keys: readonly AttemptKey[]): Promise<void> {
  for (const key of keys) {
    const limit = ATTEMPT_LIMITS[key[0]];
    await ctx.db
      .updateTable('login_attempts')
      .set({
        failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
        locked_until: sql<string | null>`case when failures - 1 < ${limit} then null else locked_until end`,
      })
      .where('key', '=', keyOf(key))
      .execute();
  }
}

/** Forgets every attempt on these keys (the owner proved who they are from there). */
export async function clearAttempts(ctx: PlatformContext, keys: readonly AttemptKey[]): Promise<void> {
  if (keys.length) await ctx.db.deleteFrom('login_attempts').where('key', 'in', keys.map(keyOf)).execute();
}

/** A throttled attempt, for the surfaces that answer 429 with Retry-After. */
export class AttemptsThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
    this.name = 'AttemptsThrottled';
  }
}

/** Counts the attempt and throws AttemptsThrottled when a key refuses it. */
export async function admitAttempt(ctx: PlatformContext, keys: readonly AttemptKey[]): Promise<void> {
  const admission = await countAttempt(ctx, keys);
  if (!admission.allowed) throw new AttemptsThrottled(admission.retryAfterSeconds);
}
