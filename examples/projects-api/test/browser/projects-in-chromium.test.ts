import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAtBothWidths, launchChromium } from '../../../../packages/server/test/support/chromium.js';
import { startDemo, type Demo } from '../../src/demo/start-demo.js';
import type { Project } from '../../src/product/product.js';

/**
 * The whole example in Chromium, as `npm start` runs it: Planner sends the user to Gatehouse, who signs
 * in through Acme Login (the upstream OpenID provider), picks two of three projects on the consent
 * page; Planner's token then reads exactly those, is refused a rename (it lacks `projects:write`), and
 * is refused altogether once Planner disconnects.
 */
describe('examples/projects-api in Chromium', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  let projects: Record<string, Project>;
  const calls = () => page.locator('ol > li');

  beforeAll(async () => {
    demo = await startDemo({ output: 'ignore' });
    projects = Object.fromEntries([...demo.product.projects.values()].map((p) => [p.name, p]));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('signs in through Acme Login, with no Gatehouse password, on the way to the consent page', async () => {
    await page.goto(demo.urls.planner);
    await checkAtBothWidths(page, 'projects-api-planner-start');
    await page.getByRole('link', { name: 'Connect Acme Projects' }).click();
    await page.waitForURL((url) => url.origin === demo.urls.gatehouse && url.pathname === '/login');
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    await checkAtBothWidths(page, 'projects-api-gatehouse-sign-in');

    await page.getByRole('link', { name: 'Sign in with Acme Login' }).click();
    await page.waitForURL((url) => url.origin === demo.urls.login);
    await checkAtBothWidths(page, 'projects-api-acme-login');
    const ada = demo.logins[0]!;
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('That email and password do not match.');
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === demo.urls.gatehouse && url.pathname === '/oauth/authorize/resume');
  }, 60_000);

  it("shows the product's words and projects on the consent page; the user picks two projects", async () => {
    const text = await page.locator('main').innerText();
    expect(text).toContain('Planner');
    expect(await page.title()).toContain('Acme Projects');
    expect(text).toContain('Umbrella Org');
    expect(text).toContain('See your projects');
    for (const name of ['Website redesign', 'Mobile app', 'Annual report']) expect(text).toContain(name);
    await page.check('input[name=target][value=sites]');
    await page.check(`input[name=site_id][value="${projects['Website redesign']!.gatehouseSiteId}"]`);
    await page.check(`input[name=site_id][value="${projects['Mobile app']!.gatehouseSiteId}"]`);
    await checkAtBothWidths(page, 'projects-api-consent');
    await page.click('button[value=approve]');
    await page.waitForURL(`${demo.urls.planner}/`);
  }, 60_000);

  it('calls the projects API with the token: it sees the two projects picked, and only those', async () => {
    const first = calls().first();
    expect(await first.locator('code').first().textContent()).toBe('GET /api/projects');
    expect(await first.locator('strong').textContent()).toBe('200');
    const body = JSON.parse((await first.locator('pre').textContent())!) as { projects: Array<{ name: string }> };
    expect(body.projects.map((p) => p.name).sort()).toEqual(['Mobile app', 'Website redesign']);
    await checkAtBothWidths(page, 'projects-api-planner-connected');
  });

  it('is refused a rename with 403 insufficient_scope naming projects:write, the scope it lacks', async () => {
    await page.getByRole('button', { name: 'Rename the first project' }).click();
    await page.waitForURL(`${demo.urls.planner}/`);
    const refused = calls().first();
    expect(await refused.locator('code').first().textContent()).toMatch(/^PATCH \/api\/projects\/project-/);
    expect(await refused.locator('strong').textContent()).toBe('403');
    const challenge = await refused.locator('code').nth(1).textContent();
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="projects:write"');
    expect([...demo.product.projects.values()].map((p) => p.name).sort()).toEqual(['Annual report', 'Mobile app', 'Website redesign']);
    await checkAtBothWidths(page, 'projects-api-planner-refused');
  });

  it('is refused with 401 invalid_token once Planner disconnects (revokes its token)', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.waitForURL(`${demo.urls.planner}/`);
    const after = calls().first();
    expect(await after.locator('code').first().textContent()).toBe('GET /api/projects');
    expect(await after.locator('strong').textContent()).toBe('401');
    expect(await after.textContent()).toContain('error="invalid_token"');
    expect(await page.getByRole('link', { name: 'Connect Acme Projects' }).count()).toBe(1);
    await checkAtBothWidths(page, 'projects-api-planner-revoked');
  });

  it('stays disconnected when the user cancels on the consent page', async () => {
    await page.getByRole('link', { name: 'Connect Acme Projects' }).click();
    // Still signed in to Gatehouse: straight to the consent page.
    await page.waitForURL((url) => url.origin === demo.urls.gatehouse && url.pathname.startsWith('/oauth/authorize'));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${demo.urls.planner}/`);
    expect(await calls().first().locator('pre').textContent()).toBe('Not connected: access_denied');
    expect(await page.getByRole('link', { name: 'Connect Acme Projects' }).count()).toBe(1);
  }, 60_000);
});
