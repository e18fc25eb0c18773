import { rateWindowsOf } from '../../../platform/usage/rate-windows.js';
import { usageReport } from '../../../platform/usage/usage-report.js';
import type { UsageSubjectKind } from '../../../platform/usage/usage-rows.js';
import type { Runtime } from '../../../runtime.js';
import type { UsageSectionView } from '../../../views/dashboard/usage-section.js';

/** What a page's usage section shows: the subject's rolled-up counts, and the current windows of the tokens named. */
export async function usageSectionFor(
  runtime: Runtime,
  subject: { kind: UsageSubjectKind; id: string },
  whose: string,
  tokens: ReadonlyArray<{ id: string; workspaceId: string; name: string }>,
  noWindows?: string,
): Promise<UsageSectionView> {
  const now = runtime.ctx.now();
  const [report, windows] = await Promise.all([usageReport(runtime.ctx, subject, now), rateWindowsOf(runtime.ctx, runtime.dataApi.rateLimits, tokens, now)]);
  return {
    report,
    whose,
    windows: windows.map((window, i) => ({ name: tokens[i]!.name, window })),
    ...(noWindows ? { noWindows } : {}),
    sharedCounters: runtime.config.redisUrl !== undefined,
  };
}
