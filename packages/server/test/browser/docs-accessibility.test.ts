import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, seriousViolations } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocsServer } from '../docs/docs-server.js';

const OUTPUT = path.resolve(import.meta.dirname, '../../test-output');
const WIDTHS = [1280, 375] as const;

describe('the docs and the API reference in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDocsServer>>;
  let browser: Browser;
  const open = async (url: string, width: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = await context.newPage();
    await page.goto(`${server.origin}${url}`);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUTPUT, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = await startDocsServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(WIDTHS)(
    'the API reference at %i px is Gatehouse-branded, links /openapi.json and has no critical or serious axe violation, its Authorize dialog and a tried-out operation included',
    async (width) => {
      const page = await open('/docs/api/', width);
      await page.waitForSelector('.opblock');
      expect(await page.title()).toBe('Gatehouse API reference');
      expect(await page.locator('.topbar').count()).toBe(0);
      expect(await page.locator('header.gh-top').textContent()).toContain('Gatehouse');
      expect(await page.locator('.info a:has(.url)').getAttribute('href')).toBe('/openapi.json');
      expect(await page.locator('link[rel=icon]').getAttribute('type')).toBe('image/svg+xml');
      await shot(page, `reference-${width}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.locator('.btn.authorize').first().click();
      await page.waitForSelector('.modal-ux .auth-container');
      await shot(page, `reference-authorize-${width}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('.modal-ux button.close-modal').click();

      const operation = page
        .locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/v2/sites/{site_id}/webhooks"]') })
        .filter({ has: page.locator('.opblock-summary-method', { hasText: 'POST' }) });
      await operation.locator('.opblock-summary-control').click();
      // "Try it out" is on from the start (tryItOutEnabled).
      await operation.locator('.responses-wrapper').waitFor();
      // The request body starts from the realistic example, not from "string".
      expect(await operation.locator('textarea.body-param__text').inputValue()).toContain('"triggerType": "form_submission"');
      await shot(page, `reference-try-it-out-${width}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    },
    90_000,
  );

  it.each(WIDTHS)(
    'guides and search at %i px have no critical or serious axe violation and no inline code broken inside a word',
    async (width) => {
      for (const url of ['/docs', '/docs/quickstart', '/docs/authentication', '/docs/cli', '/docs/search?q=workspace+token']) {
        const page = await open(url, width);
        expect(await seriousViolations(page), url).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} fits ${width} px`).toBeLessThanOrEqual(width);
        // Where an inline code element wraps, the character before the break must be punctuation or a space.
        const midWordBreaks = await page.evaluate(() => {
          const found: string[] = [];
          for (const code of Array.from(document.querySelectorAll('main :not(pre) > code'))) {
            const text = code.textContent ?? '';
            const range = document.createRange();
            const tops: number[] = [];
            const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = 0; i < node.textContent!.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                tops.push(range.getBoundingClientRect().top);
              }
            }
            for (let i = 1; i < tops.length; i++) {
              if (tops[i]! > tops[i - 1]! + 2 && !/[\s/._=&?:,-]/.test(text[i - 1]!)) found.push(`${text.slice(0, i)}|${text.slice(i)}`);
            }
          }
          return found;
        });
        expect(midWordBreaks, `${url} at ${width} px`).toEqual([]);
        await shot(page, `docs${url.replace(/[^a-z0-9]+/gi, '-')}-${width}`);
        await page.context().close();
      }
    },
    120_000,
  );

  it('puts a Copy button on every code block that copies exactly the block', async () => {
    const page = await open('/docs/quickstart', 1280);
    const blocks = page.locator('main pre.code');
    const count = await blocks.count();
    expect(count).toBeGreaterThan(3);
    expect(await page.locator('main .code-block button.copy-code').count()).toBe(count);
    const second = page.locator('main .code-block').nth(1);
    await second.locator('button.copy-code').click();
    await expect.poll(() => second.locator('button.copy-code').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await second.locator('pre.code code').textContent());
    await page.context().close();
  }, 60_000);

  it('finds a section by its words and links straight to it', async () => {
    const page = await open('/docs', 375);
    await page.getByRole('searchbox', { name: 'Search the docs' }).fill('workspace token');
    await Promise.all([page.waitForURL(/\/docs\/search\?q=workspace\+token/), page.getByRole('button', { name: 'Search' }).click()]);
    const first = page.locator('main ol.search-hits li a').first();
    expect(await first.textContent()).toBe('Authentication › Workspace tokens');
    expect(await page.locator('main ol.search-hits mark').first().textContent()).toMatch(/workspace|token/i);
    await Promise.all([page.waitForURL(/\/docs\/authentication#workspace-tokens$/), first.click()]);
    expect(await page.locator('#workspace-tokens').count()).toBe(1);
    await page.goto(`${server.origin}/docs/search?q=${encodeURIComponent('<script>zzqx')}`);
    expect((await page.locator('main').textContent())!.replace(/\s+/g, ' ')).toContain('Nothing in the docs matches “<script>zzqx”');
    await page.context().close();
  }, 60_000);
});
