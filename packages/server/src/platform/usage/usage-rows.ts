import { sql } from 'kysely';
import { precompiled } from '../../store/precompiled-query.js';
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
const COLUMNS = ['subject_kind', 'subject_id', 'hour', 'requests', 'client_errors', 'rate_limited'] as const;

/** The UTC hour an instant falls in, as stored: `2026-12-02T14`. */
export const hourOf = (ms: number): string => new Date(ms).toISOString().slice(0, 13);

const addToExisting = {
  requests: sql<number>`usage_hourly.requests + excluded.requests`,
  client_errors: sql<number>`usage_hourly.client_errors + excluded.client_errors`,
  rate_limited: sql<number>`usage_hourly.rate_limited + excluded.rate_limited`,
};

/**
 * A chunk goes as one bound value, so each database's statement is one text whatever the chunk's length:
 * compiled once and prepared (store/precompiled-query.ts) instead of built by Kysely per flush. PostgreSQL
 * takes six arrays (in process at 1M live tokens, a flush after 5,000 first uses cost 20–24 µs of CPU per
 * token built by Kysely, and 11–12 µs as arrays); SQLite takes one JSON array of rows, read with json_each
 * (its `where true` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT).
 */
const addUsageColumns = precompiled<'kinds' | 'ids' | 'hours' | 'requests' | 'clientErrors' | 'rateLimited', never>((db, p) =>
  db
    .insertInto('usage_hourly')
    .columns(COLUMNS)
    .expression(
      sql`select * from unnest(${p('kinds')}::text[], ${p('ids')}::text[], ${p('hours')}::text[], ${p('requests')}::int[], ${p('clientErrors')}::int[], ${p('rateLimited')}::int[])`,
    )
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id', 'hour']).doUpdateSet(addToExisting)),
);
const addUsageJson = precompiled<'rows', never>((db, p) =>
  db
    .insertInto('usage_hourly')
    .columns(COLUMNS)
    .expression(sql`select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 from json_each(${p('rows')}) where true`)
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id', 'hour']).doUpdateSet(addToExisting)),
);

function insertChunk(ctx: PlatformContext, chunk: readonly UsageIncrement[]): Promise<unknown> {
  if (ctx.dialect === 'postgres')
    return addUsageColumns(ctx.db, ctx.dialect, {
      kinds: chunk.map((r) => r.subjectKind),
      ids: chunk.map((r) => r.subjectId),
      hours: chunk.map((r) => r.hour),
      requests: chunk.map((r) => r.requests),
      clientErrors: chunk.map((r) => r.clientErrors),
      rateLimited: chunk.map((r) => r.rateLimited),
    });
  return addUsageJson(ctx.db, ctx.dialect, {
    rows: JSON.stringify(chunk.map((r) => [r.subjectKind, r.subjectId, r.hour, r.requests, r.clientErrors, r.rateLimited])),
  });
}

/**
 * Adds the counts to their hourly rows: one INSERT … ON CONFLICT DO UPDATE per chunk that adds to the row
 * already there, so several nodes flushing the same subject and hour sum rather than overwrite (on PostgreSQL
 * the rows of a chunk go as arrays, above). Rows go in key order, so two nodes writing the same rows take their
 * locks in the same order and cannot deadlock. Answers the increments that were not written, for a retry.
 */
export async function addUsage(ctx: PlatformContext, increments: readonly UsageIncrement[]): Promise<{ unwritten: UsageIncrement[]; error?: unknown }> {
  const sorted = [...increments].sort((a, b) => compareKeys(a, b));
  for (let i = 0; i < sorted.length; i += ROWS_PER_STATEMENT) {
    const chunk = sorted.slice(i, i + ROWS_PER_STATEMENT);
    try {
      await insertChunk(ctx, chunk);
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
