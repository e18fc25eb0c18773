import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocsServer } from '../docs/docs-server.js';

const OUTPUT = path.resolve(import.meta.dirname, '../../test-output');

describe('docs in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDocsServer>>;
  let browser: Browser;
  const problems: string[] = [];

  const open = async (width = 1280): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    // Failed loads are reported by URL below; the console line for them carries none.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = await startDocsServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the guides with working links between them and no script errors', async () => {
    const page = await open();
    await page.goto(`${server.origin}/docs`);
    expect(await page.locator('main h1').textContent()).toBe('Gatehouse documentation');
    await page.screenshot({ path: path.join(OUTPUT, 'docs-index.png'), fullPage: true });
    await page.locator('main a', { hasText: 'Quick start' }).first().click();
    await page.waitForURL(`${server.origin}/docs/quickstart`);
    expect(await page.locator('main h1').textContent()).toBe('Quick start');
    await page.screenshot({ path: path.join(OUTPUT, 'docs-quickstart.png'), fullPage: true });
    const narrow = await open(375);
    await narrow.goto(`${server.origin}/docs/authentication`);
    await narrow.screenshot({ path: path.join(OUTPUT, 'docs-authentication-375.png') });
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);

  it('authorizes with a pasted site token and runs "try it out" on GET /v2/sites', async () => {
    const page = await open();
    await page.goto(`${server.origin}/docs/api`);
    await page.locator('.btn.authorize').first().click();
    const bearer = page.locator('.auth-container', { hasText: 'bearerToken' });
    await bearer.locator('input').fill(server.placeholders.SITE_TOKEN);
    await bearer.locator('button.authorize').click();
    await page.locator('.modal-ux .btn-done').first().click();

    const operation = page.locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/v2/sites"]') }).first();
    await operation.locator('.opblock-summary').click();
    const tryIt = operation.locator('.try-out__btn');
    if ((await tryIt.isVisible()) && (await tryIt.textContent())?.includes('Try it out')) await tryIt.click();
    await operation.locator('button.execute').click();
    const live = operation.locator('.live-responses-table');
    await live.locator('text=Marketing Site').first().waitFor({ timeout: 15_000 });
    expect((await live.locator('tbody .response-col_status').first().textContent())?.trim()).toBe('200');
    expect(await operation.textContent()).toContain('sites:read');
    await page.screenshot({ path: path.join(OUTPUT, 'docs-api-try-it.png'), fullPage: false });
    await operation.screenshot({ path: path.join(OUTPUT, 'docs-api-sites-operation.png') });
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  }, 60_000);
});
