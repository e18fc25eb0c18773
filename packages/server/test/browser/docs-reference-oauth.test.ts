import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer } from '../http/oauth/live-server.js';
import { PASSWORD, createWorld, type World } from '../support/fixtures.js';

const OUTPUT = path.resolve(import.meta.dirname, '../../test-output');

describe('API reference OAuth flow in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let world: World;
  let browser: Browser;
  const problems: string[] = [];

  const watch = (page: Page, label: string) => {
    // Failed loads are reported by URL below; the console line for them carries none.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${label}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${label}: ${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    // PUBLIC_URL is the listening origin, so the spec's authorize/token URLs and the redirect URI match.
    server = await startLiveServer();
    world = await createWorld(server.runtime.ctx, { redirectUris: [`${server.origin}/docs/api/static/oauth2-redirect.html`] });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the OAuth flow (PKCE, confidential app) from "Authorize" and sends the token with "try it out" on GET /v2/sites', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page, 'reference');
    await page.goto(`${server.origin}/docs/api`);
    await page.locator('.btn.authorize').first().click();

    const oauth = page.locator('.auth-container', { hasText: 'oauth2' });
    await oauth.locator('#client_id_authorizationCode').fill(world.app.clientId);
    await oauth.locator('#client_secret_authorizationCode').fill(world.clientSecret);
    const scope = oauth.locator('[id="sites:read-authorizationCode-checkbox-oauth2"]');
    await oauth.locator('label[for="sites:read-authorizationCode-checkbox-oauth2"]').click();
    expect(await scope.isChecked()).toBe(true);

    const tokenExchange = page.waitForResponse((r) => new URL(r.url()).pathname === '/oauth/access_token', { timeout: 30_000 });
    // Swagger UI opens the authorize URL in a popup; the user signs in and approves there.
    const [popup] = await Promise.all([context.waitForEvent('page'), oauth.locator('button.authorize').click()]);
    watch(popup, 'popup');
    await popup.waitForURL(/\/login/);
    await popup.fill('#email', world.admin.email);
    await popup.fill('#password', PASSWORD);
    await Promise.all([popup.waitForURL(/\/oauth\/authorize\/resume/), popup.click('button[type=submit]')]);
    expect(await popup.locator('h1').textContent()).toContain('Authorize Test App');
    await popup.check('input[name=target][value=sites]');
    await popup.check(`input[name=site_id][value="${world.siteA.id}"]`);
    // Approving redirects to oauth2-redirect.html, which hands the code to the opener and closes itself.
    await Promise.all([popup.waitForEvent('close', { timeout: 15_000 }), popup.click('button[value=approve]')]);

    // Swagger exchanges the code at /oauth/access_token and shows the flow as authorized.
    const exchanged = await tokenExchange;
    expect(exchanged.status()).toBe(200);
    const sent = new URLSearchParams(exchanged.request().postData() ?? '');
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code_verifier')).toBeTruthy();
    await oauth.locator('button', { hasText: 'Logout' }).waitFor({ timeout: 15_000 });
    expect(await oauth.locator('h6', { hasText: 'Authorized' }).count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, 'docs-api-oauth-authorized.png'), fullPage: false });
    await page.locator('.modal-ux .btn-done').first().click();

    const operation = page.locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/v2/sites"]') }).first();
    await operation.locator('.opblock-summary').click();
    const tryIt = operation.locator('.try-out__btn');
    if ((await tryIt.isVisible()) && (await tryIt.textContent())?.includes('Try it out')) await tryIt.click();
    const [request] = await Promise.all([page.waitForRequest((r) => new URL(r.url()).pathname === '/v2/sites'), operation.locator('button.execute').click()]);
    expect(request.headers().authorization).toMatch(/^Bearer \S+$/);
    const live = operation.locator('.live-responses-table');
    await live.locator('text=Site A').first().waitFor({ timeout: 15_000 });
    expect((await live.locator('tbody .response-col_status').first().textContent())?.trim()).toBe('200');
    const body = await live.locator('.response-col_description pre').first().textContent();
    expect(body).toContain(world.siteA.id);
    // Only the site picked on the consent page is reachable with this token.
    expect(body).not.toContain(world.siteB.id);
    await operation.screenshot({ path: path.join(OUTPUT, 'docs-api-oauth-try-it.png') });
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  }, 60_000);
});
