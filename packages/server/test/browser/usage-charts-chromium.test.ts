import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { addUsage, hourOf, type UsageIncrement } from '../../src/platform/usage/usage-rows.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { createWorld, type World } from '../support/fixtures.js';
import { listenOnLoopback } from '../support/loopback.js';
import { bearer, grantOAuthToken } from '../support/oauth-token.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

/** docs/dashboard.md, "Usage": the chart pages in Chromium at desktop and phone width, with screenshots. */
describe('usage charts in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let w: World;
  let siteTokenId: string;

  const shot = (name: string) => checkAtBothWidths(page, name);

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite');
    app = await buildApp(runtime, { logger: false });
    base = await listenOnLoopback(app);
    w = await createWorld(runtime.ctx);
    const made = await createSiteToken(runtime.ctx, w.siteA.id, { name: 'Nightly sync', scopes: ['sites:read'], actor: null });
    siteTokenId = made.record.id;
    const oauth = await grantOAuthToken(runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    // Thirty days of made-up traffic, so the charts have something to draw; then a few real requests this minute.
    const now = Date.now();
    const rows: UsageIncrement[] = [];
    for (let h = 1; h < 30 * 24; h++) {
      const hour = hourOf(now - h * 3_600_000);
      const requests = Math.round(40 + 35 * Math.sin(h / 4) + (h % 24 < 8 ? 0 : 30));
      const clientErrors = h % 7 === 0 ? 6 : h % 3 === 0 ? 1 : 0;
      const rateLimited = h % 50 === 0 ? 12 : 0;
      for (const [subjectKind, subjectId] of [
        ['token', siteTokenId],
        ['app', w.app.id],
        ['workspace', w.workspace.id],
      ] as const) {
        rows.push({ subjectKind, subjectId, hour, requests, clientErrors, rateLimited });
      }
    }
    await addUsage(runtime.ctx, rows);
    // The page shows the rate-limit window of the current minute: the requests go early in a minute, so the
    // page is read in the same one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 30_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
    for (let i = 0; i < 5; i++) await fetch(`${base}/v2/sites`, { headers: bearer(made.token) });
    for (let i = 0; i < 3; i++) await fetch(`${base}/v2/sites`, { headers: bearer(oauth.token) });
    await fetch(`${base}/v2/token/introspect`, { headers: bearer(made.token) });
    await runtime.dataApi.usage.flush();
    await runtime.dataApi.lastUsed.flush();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.context().addCookies([{ name: 'gatehouse_session', value: await startSession(runtime.ctx, w.admin.id), url: base }]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
  });

  it('draws the token page: both charts, the totals and the window now', async () => {
    await page.goto(`${base}/sites/${w.siteA.id}/api-access`);
    await page.getByRole('link', { name: 'Nightly sync', exact: true }).first().click();
    await page.waitForURL(new RegExp(`/tokens/${siteTokenId}$`));
    await expect.poll(() => page.getByRole('img', { name: 'Requests per day, last 30 days' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Requests per hour, last 48 hours' }).count()).toBe(1);
    expect(await page.locator('.rate-window').textContent()).toContain('6 of 120 used');
    await shot('usage-token');
  });

  it('draws the app page and the workspace page', async () => {
    await page.goto(`${base}/apps/${w.app.id}`);
    expect(await page.locator('section.usage h2').textContent()).toBe('Usage');
    await shot('usage-app');
    await page.goto(`${base}/workspaces/${w.workspace.id}`);
    expect(await page.locator('section.usage .rate-window').count()).toBe(1);
    await shot('usage-workspace');
  });
});
