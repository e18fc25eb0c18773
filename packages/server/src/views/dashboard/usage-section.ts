import type { RateWindow } from '../../platform/usage/rate-windows.js';
import type { UsageReport } from '../../platform/usage/usage-report.js';
import { html, type SafeHtml } from '../html.js';
import { dayLabel, hourLabel, usageChart } from './usage-chart.js';

export interface UsageSectionView {
  report: UsageReport;
  /** Whose requests, in words: "this token", "this app's tokens", "this workspace's tokens". */
  whose: string;
  /** Current rate-limit windows to show, each with the name it goes by. */
  windows?: Array<{ name: string; window: RateWindow }>;
  /** Said when there are no windows to show (an app with no token used in the last minutes). */
  noWindows?: string;
  /** Whether the counters are shared by every node (Redis), or this node's own. */
  sharedCounters: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');
const clock = (iso: string): string => `${iso.slice(11, 19)} UTC`;

/** One window: a meter of the minute's requests against the limit, and when it resets. */
function windowLine(name: string, w: RateWindow): SafeHtml {
  return html`<li class="rate-window"><span class="rate-name">${name}</span>
  <meter min="0" max="${w.limit}" value="${w.used}" high="${Math.ceil(w.limit * 0.8)}" optimum="0" aria-label="${name}: requests this minute">${w.used} of ${w.limit}</meter>
  <span>${count(w.used)} of ${count(w.limit)} used, ${count(w.remaining)} left; resets at <time datetime="${w.resetsAt}">${clock(w.resetsAt)}</time></span></li>`;
}

/** docs/dashboard.md, "Usage": the two charts with their totals, and the rate-limit window now. */
export function usageSection(v: UsageSectionView): SafeHtml {
  const { report } = v;
  const id = `usage-${report.subject.kind}`;
  const windows = v.windows ?? [];
  return html`<section class="card usage" aria-labelledby="${id}-heading">
  <h2 id="${id}-heading">Usage</h2>
  <p class="muted">Data API requests made with ${v.whose}, counted by every node and written every few seconds. Times are UTC.</p>
  <dl class="usage-totals">
    <div><dt>Requests, 30 days</dt><dd>${count(report.total.requests)}</dd></div>
    <div><dt>4xx answers</dt><dd>${count(report.total.clientErrors)}</dd></div>
    <div><dt>429 (rate-limited)</dt><dd>${count(report.total.rateLimited)}</dd></div>
  </dl>
  ${usageChart({ id: `${id}-hours`, title: 'Requests per hour, last 48 hours', buckets: report.hours, label: hourLabel })}
  ${usageChart({ id: `${id}-days`, title: 'Requests per day, last 30 days', buckets: report.days, label: dayLabel })}
  <p class="legend" aria-hidden="true"><span class="swatch bar-ok"></span>answered <span class="swatch bar-4xx"></span>4xx <span class="swatch bar-429"></span>429</p>
  <h3>Rate limit now</h3>
  ${
    windows.length === 0
      ? html`<p class="muted">${v.noWindows ?? 'No token to show.'}</p>`
      : html`<ul class="plain rate-windows">${windows.map((w) => windowLine(w.name, w.window))}</ul>`
  }
  <p class="hint">Each token may make its limit of requests per one-minute window${v.sharedCounters ? ', counted across every node' : ' (counted by this node; with REDIS_URL set, across every node)'}.</p>
</section>`;
}
