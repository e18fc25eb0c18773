import { sql } from 'kysely';
import type { PlatformContext } from '../context.js';

/** Whose requests a usage row counts: one access token, one app (all its OAuth tokens), or one workspace. */
export type UsageSubjectKind = 'token' | 'app' | 'workspace';

/** Counts to add to one subject's row for one UTC hour (`2026-12-02T14`). */
export interface UsageIncrement {
  subjectKind: UsageSubjectKind;
  subjectId: string;
  hour: string;
  requests: number;
  clientErrors: number;
  rateLimited: number;
}

/** Rows are kept this long; the dashboard shows 30 days (docs/dashboard.md, "Usage"). */
export const USAGE_RETENTION_DAYS = 35;

const ROWS_PER_STATEMENT = 500;

/** The UTC hour an instant falls in, as stored: `2026-12-02T14`. */
export const hourOf = (ms: number): string => new Date(ms).toISOString().slice(0, 13);

/**
 * Adds the counts to their hourly rows: one INSERT … ON CONFLICT DO UPDATE per chunk that adds to the row
 * already there, so several nodes flushing the same subject and hour sum rather than overwrite (the same
 * statement on SQLite and PostgreSQL). Rows go in key order, so two nodes writing the same rows take their
 * locks in the same order and cannot deadlock. Answers the increments that were not written, for a retry.
 */
export async function addUsage(ctx: PlatformContext, increments: readonly UsageIncrement[]): Promise<{ unwritten: UsageIncrement[]; error?: unknown }> {
  const sorted = [...increments].sort((a, b) => compareKeys(a, b));
  for (let i = 0; i < sorted.length; i += ROWS_PER_STATEMENT) {
    const chunk = sorted.slice(i, i + ROWS_PER_STATEMENT);
    try {
      await ctx.db
        .insertInto('usage_hourly')
        .values(
          chunk.map((r) => ({
            subject_kind: r.subjectKind,
            subject_id: r.subjectId,
            hour: r.hour,
            requests: r.requests,
            client_errors: r.clientErrors,
            rate_limited: r.rateLimited,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['subject_kind', 'subject_id', 'hour']).doUpdateSet({
            requests: sql`usage_hourly.requests + excluded.requests`,
            client_errors: sql`usage_hourly.client_errors + excluded.client_errors`,
            rate_limited: sql`usage_hourly.rate_limited + excluded.rate_limited`,
          }),
        )
        .execute();
    } catch (error) {
      return { unwritten: sorted.slice(i), error };
    }
  }
  return { unwritten: [] };
}

function compareKeys(a: UsageIncrement, b: UsageIncrement): number {
  return a.subjectKind < b.subjectKind
    ? -1
    : a.subjectKind > b.subjectKind
      ? 1
      : a.subjectId < b.subjectId
        ? -1
        : a.subjectId > b.subjectId
          ? 1
          : a.hour < b.hour
            ? -1
            : a.hour > b.hour
              ? 1
              : 0;
}

/** The expiry sweep's job (platform/expiry-sweeper.ts): rows older than the retention go, through the index on `hour`. */
export async function sweepOldUsage(ctx: PlatformContext): Promise<number> {
  const cutoff = hourOf(ctx.now().getTime() - USAGE_RETENTION_DAYS * 24 * 3_600_000);
  const result = await ctx.db.deleteFrom('usage_hourly').where('hour', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
