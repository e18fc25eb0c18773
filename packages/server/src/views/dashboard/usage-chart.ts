import type { UsageBucket } from '../../platform/usage/usage-report.js';
import { html, type SafeHtml } from '../html.js';

export interface UsageChartOptions {
  /** Unique on the page: the ids of the title, description and table derive from it. */
  id: string;
  title: string;
  buckets: readonly UsageBucket[];
  /** How a bucket's start is written for people: `Dec 2, 14:00 UTC` or `Dec 2`. */
  label: (start: string) => string;
}

const count = (n: number): string => n.toLocaleString('en-US');
const BAR = 10;
const GAP = 2;
const HEIGHT = 100;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max`, so the axis reads in round numbers. */
export function axisMaximum(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Plain words for screen readers and the figure's summary: the totals and the busiest bucket. */
export function usageSummary(buckets: readonly UsageBucket[], label: (start: string) => string): string {
  const totals = buckets.reduce((t, b) => ({ r: t.r + b.requests, e: t.e + b.clientErrors, l: t.l + b.rateLimited }), { r: 0, e: 0, l: 0 });
  if (totals.r === 0) return 'No requests.';
  const busiest = buckets.reduce((a, b) => (b.requests > a.requests ? b : a));
  return `${count(totals.r)} requests, ${count(totals.e)} answered 4xx (other than 429), ${count(totals.l)} answered 429 (rate-limited). Busiest: ${label(busiest.start)}, ${count(busiest.requests)} requests.`;
}

/**
 * A server-rendered stacked bar chart (docs/dashboard.md, "Usage"): each bar is a bucket's requests, the part
 * answered 429 on top, other 4xx below it, the rest at the bottom. The SVG carries only bars and grid lines and
 * stretches to the width of the page; the axis labels are HTML beside it, so text stays legible at any width.
 * For assistive technology the SVG is one image named by its title and described by the summary, and the numbers
 * themselves are in a table under it.
 */
export function usageChart(o: UsageChartOptions): SafeHtml {
  const max = axisMaximum(Math.max(0, ...o.buckets.map((b) => b.requests)));
  const y = (n: number) => (n / max) * HEIGHT;
  const width = o.buckets.length * (BAR + GAP);
  const bars = o.buckets.map((b, i) => {
    const x = i * (BAR + GAP) + GAP / 2;
    const answered = b.requests - b.clientErrors - b.rateLimited;
    const parts: Array<[string, number]> = [
      ['bar-ok', Math.max(0, answered)],
      ['bar-4xx', b.clientErrors],
      ['bar-429', b.rateLimited],
    ];
    let top = HEIGHT;
    const rects = parts.map(([cls, n]) => {
      if (n <= 0) return '';
      const h = y(n);
      top -= h;
      return html`<rect class="${cls}" x="${x}" y="${round(top)}" width="${BAR}" height="${round(h)}" data-count="${n}"></rect>`;
    });
    return html`<g><title>${o.label(b.start)}: ${count(b.requests)} requests, ${count(b.clientErrors)} 4xx, ${count(b.rateLimited)} 429</title>${rects}</g>`;
  });
  const grid = [0.5, 1].map((f) => html`<line class="grid" x1="0" x2="${width}" y1="${HEIGHT - f * HEIGHT}" y2="${HEIGHT - f * HEIGHT}"></line>`);
  const first = o.buckets[0];
  const last = o.buckets.at(-1);
  const summary = usageSummary(o.buckets, o.label);
  return html`<figure class="usage-chart" aria-labelledby="${o.id}-caption">
  <figcaption id="${o.id}-caption">${o.title}</figcaption>
  <div class="chart-frame">
    <div class="y-axis" aria-hidden="true"><span>${count(max)}</span><span>${Number.isInteger(max / 2) ? count(max / 2) : ''}</span><span>0</span></div>
    <svg role="img" aria-labelledby="${o.id}-title" aria-describedby="${o.id}-desc" viewBox="0 0 ${width} ${HEIGHT}" preserveAspectRatio="none" focusable="false">
      <title id="${o.id}-title">${o.title}</title>
      <desc id="${o.id}-desc">${summary}</desc>
      ${grid}<line class="axis" x1="0" x2="${width}" y1="${HEIGHT}" y2="${HEIGHT}"></line>
      ${bars}
    </svg>
  </div>
  <div class="x-axis" aria-hidden="true"><span>${first ? o.label(first.start) : ''}</span><span>${last ? o.label(last.start) : ''}</span></div>
  <p class="chart-summary">${summary}</p>
  <details class="chart-data"><summary>Show the numbers<span class="sr-only">: ${o.title}</span></summary>
    <div class="table-wrap"><table id="${o.id}-table">
      <caption class="sr-only">${o.title}</caption>
      <thead><tr><th scope="col">When (UTC)</th><th scope="col">Requests</th><th scope="col">4xx</th><th scope="col">429</th></tr></thead>
      <tbody>${[...o.buckets].reverse().map((b) => html`<tr><th scope="row">${o.label(b.start)}</th><td>${count(b.requests)}</td><td>${count(b.clientErrors)}</td><td>${count(b.rateLimited)}</td></tr>`)}</tbody>
    </table></div>
  </details>
</figure>`;
}

const round = (n: number): number => Math.round(n * 100) / 100;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2026-12-02T14` → `Dec 2, 14:00`. */
export const hourLabel = (start: string): string => `${dayLabel(start.slice(0, 10))}, ${start.slice(11, 13)}:00`;
/** `2026-12-02` → `Dec 2`. */
export const dayLabel = (start: string): string => `${MONTHS[Number(start.slice(5, 7)) - 1]} ${Number(start.slice(8, 10))}`;
