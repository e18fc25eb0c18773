import { sql } from 'kysely';
import { LOCK_MS, WINDOW_MS } from './accounts/attempt-throttle.js';
import type { PlatformContext } from './context.js';
import { sweepExpiredInteractions } from './authorization/oauth-interactions.js';
import { sweepSpentRetryAnswers } from './oauth-storage/oauth-refresh.js';
import { sweepExpiredIdempotencyKeys } from './admin/idempotency.js';
import { sweepExpiredPendingSignIns } from './accounts/two-factor/pending-sign-in.js';
import { sweepExpiredChallenges } from './accounts/two-factor/webauthn-challenges.js';
import { sweepOldUsage } from './usage/usage-rows.js';

/** One kind of row that outlives its use: `sweep` deletes the expired ones (one indexed DELETE) and answers how many. */
export interface ExpiryJob {
  name: string;
  sweep: (ctx: PlatformContext) => Promise<number>;
}

/** Throttle rows whose window has passed and whose lock (if any) has ended count nothing any more. */
export async function sweepSpentAttempts(ctx: PlatformContext): Promise<number> {
  const now = ctx.now().getTime();
  const windowStart = new Date(now - Math.max(WINDOW_MS, LOCK_MS)).toISOString();
  const nowIso = new Date(now).toISOString();
  const result = await ctx.db
    .deleteFrom('login_attempts')
    .where('window_started_at', '<', windowStart)
    .where(sql<boolean>`(locked_until is null or locked_until <= ${nowIso})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Dashboard sessions past their expiry: the cookie is refused already (platform/accounts/sessions.ts); the row is dead weight. */
export async function sweepExpiredSessions(ctx: PlatformContext): Promise<number> {
  const result = await ctx.db.deleteFrom('login_sessions').where('expires_at', '<', ctx.now().toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What every node sweeps by default (docs/deployment.md, "Housekeeping"). */
export const DEFAULT_EXPIRY_JOBS: readonly ExpiryJob[] = [
  { name: 'parked authorize requests', sweep: sweepExpiredInteractions },
  { name: 'spent sign-in throttles', sweep: sweepSpentAttempts },
  { name: 'expired sessions', sweep: sweepExpiredSessions },
  { name: 'spent refresh retry answers', sweep: sweepSpentRetryAnswers },
  { name: 'expired idempotency keys', sweep: sweepExpiredIdempotencyKeys },
  { name: 'expired two-factor steps', sweep: sweepExpiredPendingSignIns },
  { name: 'expired passkey challenges', sweep: sweepExpiredChallenges },
  { name: 'usage older than 35 days', sweep: sweepOldUsage },
];

/**
 * Runs every job each `everyMs`, instead of on the requests that create the rows, so a flood of requests
 * does not turn into a flood of deletes. Rows left until the next sweep are harmless: each reader checks
 * expiry itself. Jobs run one after another; one failing does not stop the others.
 */
export class ExpirySweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: PlatformContext,
    private readonly jobs: readonly ExpiryJob[] = DEFAULT_EXPIRY_JOBS,
    private readonly everyMs = 60_000,
    private readonly onError: (err: unknown, job: string) => void = () => {},
  ) {}

  /** One pass over every job; answers the rows each removed. */
  async sweepOnce(): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const job of this.jobs) {
      try {
        removed[job.name] = await job.sweep(this.ctx);
      } catch (err) {
        this.onError(err, job.name);
      }
    }
    return removed;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweepOnce(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
