import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with nothing that phones home (docs/design.md, "Quality bars": only loopback traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's rules that judge colours only: all a colour-scheme change can alter when the markup stays the same. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axe-core's critical and serious findings on the page as it is now (injected over CDP, so the page's CSP
 * does not apply); `rules` limits the run to those rules.
 */
export async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async (only) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'rule', values: only } } : {}) })).violations;
  }, rules);
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/** Elements that reach past the right edge of a viewport `width` wide (wide tables must scroll inside their own box). */
export function overflowingElements(page: Page, width: number): Promise<string[]> {
  return page.evaluate(
    (w) =>
      document.documentElement.scrollWidth > w
        ? Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > w + 1)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 8)
        : [],
    width,
  );
}

/** Where browser tests keep their screenshots (artifacts of the run, not checked in). */
export const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url);

/**
 * The page at desktop (1280 px) and phone (375 px) width: a full-page screenshot `<name>-desktop.png` /
 * `<name>-phone.png`, nothing past the right edge, and (unless `axe: false`) no critical or serious axe finding
 * at either width. Leaves the page at 1280 px.
 */
export async function checkAtBothWidths(page: Page, name: string, { axe = true }: { axe?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [width, label] of [
    [1280, 'desktop'],
    [375, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: new URL(`${name}-${label}.png`, SCREENSHOTS).pathname, fullPage: true });
    expect(await overflowingElements(page, width), `${name} at ${width}px`).toEqual([]);
    if (axe) expect(await seriousViolations(page), `${name} at ${width}px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
