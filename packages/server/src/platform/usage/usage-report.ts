import type { PlatformContext } from '../context.js';
import { hourOf, type UsageSubjectKind } from './usage-rows.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** docs/dashboard.md, "Usage": requests per hour for the last 48 hours and per day for the last 30 days. */
export const HOURS_SHOWN = 48;
export const DAYS_SHOWN = 30;

/** One bar of a chart: the UTC hour (`2026-12-02T14`) or day (`2026-12-02`) and what was counted in it. */
export interface UsageBucket {
  start: string;
  requests: number;
  /** 4xx answers other than 429. */
  clientErrors: number;
  /** 429 answers. */
  rateLimited: number;
}

export interface UsageReport {
  subject: { kind: UsageSubjectKind; id: string };
  /** Oldest first, the current hour last. */
  hours: UsageBucket[];
  /** Oldest first, today (UTC) last. */
  days: UsageBucket[];
  /** Over the days shown. */
  total: Omit<UsageBucket, 'start'>;
}

/**
 * A subject's counts as written by the nodes' flushes (platform/usage/usage-recorder.ts), so the last few seconds
 * may not show yet. One indexed read of at most 30 days × 24 rows; hours without a row count zero.
 */
export async function usageReport(ctx: PlatformContext, subject: { kind: UsageSubjectKind; id: string }, now = ctx.now()): Promise<UsageReport> {
  const nowMs = now.getTime();
  const today = nowMs - (nowMs % DAY_MS);
  const firstDay = today - (DAYS_SHOWN - 1) * DAY_MS;
  const rows = await ctx.db
    .selectFrom('usage_hourly')
    .select(['hour', 'requests', 'client_errors', 'rate_limited'])
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('hour', '>=', hourOf(firstDay))
    .execute();
  const byHour = new Map(rows.map((r) => [r.hour, r]));
  const bucket = (start: string): UsageBucket => ({ start, requests: 0, clientErrors: 0, rateLimited: 0 });
  const addTo = (b: UsageBucket, r: { requests: number; client_errors: number; rate_limited: number }) => {
    b.requests += Number(r.requests);
    b.clientErrors += Number(r.client_errors);
    b.rateLimited += Number(r.rate_limited);
  };
  const currentHour = nowMs - (nowMs % HOUR_MS);
  const hours: UsageBucket[] = [];
  for (let i = HOURS_SHOWN - 1; i >= 0; i--) {
    const b = bucket(hourOf(currentHour - i * HOUR_MS));
    const row = byHour.get(b.start);
    if (row) addTo(b, row);
    hours.push(b);
  }
  const days = Array.from({ length: DAYS_SHOWN }, (_, i) => bucket(new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10)));
  const dayIndex = new Map(days.map((d, i) => [d.start, i]));
  const total = { requests: 0, clientErrors: 0, rateLimited: 0 };
  for (const row of rows) {
    const day = dayIndex.get(row.hour.slice(0, 10));
    if (day === undefined) continue;
    addTo(days[day]!, row);
    total.requests += Number(row.requests);
    total.clientErrors += Number(row.client_errors);
    total.rateLimited += Number(row.rate_limited);
  }
  return { subject, hours, days, total };
}
