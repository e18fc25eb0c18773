import type { FastifyInstance } from 'fastify';
import { type Browser, type Page } from 'playwright-core';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { findUserByEmail } from '../../src/platform/accounts/users.js';
import { installApp } from '../support/authorized-app.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const EMAIL = 'grace@example.com';

/** The dashboard's main flows in Chromium against a real listening server on loopback, with screenshots. */
describe('dashboard in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const ids: { workspace?: string; site?: string } = {};
  const api = (token: string) => fetch(`${base}/v2/sites`, { headers: { authorization: `Bearer ${token}` } });

  /** Saves the current page at desktop and phone width. */
  const shot = (name: string) => checkAtBothWidths(page, name, { axe: false });

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite');
    app = await buildApp(runtime, { logger: false });
    base = await listenOnLoopback(app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
  });

  it('signs up from the login page and lands on the empty workspace list', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot('login');
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#password-error').textContent()).toContain('at least 10 characters');
    await shot('signup-error');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Sign-up answers every address alike, so the new account signs in like any other.
    await page.waitForURL(/\/login\?return_to=%2F&done=signed-up$/);
    expect(await page.getByRole('status').textContent()).toContain('Sign-up received');
    await shot('login-after-signup');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.textContent('h1')).toBe('Workspaces');
    await shot('home-empty');
  }, 60_000);

  it('creates a workspace and a site', async () => {
    await page.getByLabel('Workspace name').fill('Hopper Labs');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/workspaces\/[0-9a-f]{24}\?done=workspace-created$/);
    ids.workspace = /workspaces\/([0-9a-f]{24})/.exec(page.url())![1];
    await page.getByLabel('New site name').fill('Compiler Docs');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.waitForURL(/\/sites\/[0-9a-f]{24}\?done=site-created$/);
    ids.site = /sites\/([0-9a-f]{24})/.exec(page.url())![1];
    await page.getByLabel('Add a domain').fill('docs.hopper.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByRole('button', { name: 'Publish site' }).click();
    await expect.poll(() => page.locator('.alert.ok').textContent()).toBe('Site published.');
    await shot('site-settings');
    await page.goto(`${base}/workspaces/${ids.workspace}`);
    expect(await page.locator('table').first().textContent()).toContain('Compiler Docs');
    await shot('workspace-overview');
    await page.goto(`${base}/`);
    await shot('home');
  }, 60_000);

  it('registers an app, fixing an inline validation message first', async () => {
    await page.goto(`${base}/workspaces/${ids.workspace}/apps`);
    await page.getByRole('link', { name: 'Register an app' }).click();
    await page.getByLabel('App name').fill('Bug Tracker');
    await page.getByLabel('Description').fill('Files moths as bugs.');
    await page.getByLabel('Homepage').fill('http://bugs.example.com');
    await page.getByLabel('Redirect URIs').fill('https://bugs.example.com/callback\nhttp://localhost:4000/callback');
    await page.getByLabel('Restrict to a single site').check();
    await page.getByRole('checkbox', { name: /sites:read/ }).check();
    await page.getByRole('checkbox', { name: /cms:write/ }).check();
    await page.getByRole('button', { name: 'Register app' }).click();
    await expect.poll(() => page.locator('#app-homepage-error').textContent()).toBe('Homepage must use https');
    await shot('app-form-error');
    await page.getByLabel('Homepage').fill('https://bugs.example.com');
    await page.getByRole('button', { name: 'Register app' }).click();
    await page.waitForURL(/\/apps\/[0-9a-f]{24}\?done=app-created$/);
    await page.getByText('Show client secret').click();
    expect(await page.inputValue('#client-secret')).toMatch(/^gth_cs_/);
    expect(await page.isVisible('button[data-copy="client-secret"]')).toBe(true);
    await shot('app-detail');
    await page.goto(`${base}/workspaces/${ids.workspace}/apps`);
    await shot('apps-list');
    await page.getByRole('link', { name: 'Bug Tracker' }).click();
    await page.getByRole('link', { name: 'Edit app' }).click();
    await shot('app-edit');
  }, 60_000);

  it('creates a site token, the API accepts it, then revokes it and the API refuses it', async () => {
    await page.goto(`${base}/sites/${ids.site}/api-access`);
    expect(await page.isDisabled('input[value="custom_code:write"]')).toBe(true);
    await page.getByLabel('Token name').fill('Docs deploy');
    await page.getByRole('checkbox', { name: /sites:read/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.inputValue('#new-token');
    expect(token).toMatch(/^gth_site_/);
    expect(await page.isVisible('button[data-copy="new-token"]')).toBe(true);
    await shot('site-token-created');
    expect((await api(token)).status).toBe(200);
    // The value came through a redirect: a reload shows the list without it and creates nothing.
    await page.reload();
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Docs deploy', exact: true }).count()).toBe(1);

    await page.goto(`${base}/sites/${ids.site}/api-access`);
    expect(await page.content()).not.toContain(token);
    await shot('site-api-access');
    await page.getByRole('link', { name: 'Revoke Docs deploy' }).click();
    await shot('site-token-revoke-confirm');
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => page.locator('.alert.ok').textContent()).toContain('Token revoked');
    expect((await api(token)).status).toBe(401);
  }, 60_000);

  it('revokes an authorized app and the API refuses its token', async () => {
    const user = (await findUserByEmail(runtime.ctx, EMAIL))!;
    const appId = (await runtime.ctx.db.selectFrom('apps').select('id').where('name', '=', 'Bug Tracker').executeTakeFirstOrThrow()).id;
    const installed = await installApp(runtime.ctx, {
      appId,
      userId: user.id,
      workspaceId: ids.workspace!,
      siteIds: [ids.site!],
      scopes: ['sites:read', 'cms:write'],
    });
    expect((await api(installed.accessToken)).status).toBe(200);
    await page.goto(`${base}/sites/${ids.site}/authorized-apps`);
    await shot('site-authorized-apps');
    await page.goto(`${base}/workspaces/${ids.workspace}/authorized-apps`);
    await shot('workspace-authorized-apps');
    await page.getByRole('link', { name: 'Revoke Bug Tracker' }).click();
    await shot('authorized-app-revoke-confirm');
    await page.getByRole('button', { name: 'Revoke access' }).click();
    await expect.poll(() => page.locator('.alert.ok').textContent()).toContain('Access revoked');
    expect((await api(installed.accessToken)).status).toBe(401);
  }, 60_000);

  it('shows members, workspace tokens, the audit log and the account page, and is keyboard navigable', async () => {
    await page.goto(`${base}/workspaces/${ids.workspace}/members`);
    await shot('members');
    await page.goto(`${base}/workspaces/${ids.workspace}/tokens`);
    await page.getByLabel('Token name').fill('Reporting');
    await page.getByRole('checkbox', { name: /workspace:read/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.inputValue('#new-token')).toMatch(/^gth_ws_/);
    await shot('workspace-tokens');
    await page.goto(`${base}/workspaces/${ids.workspace}/audit?type=access_token`);
    expect(await page.locator('table').textContent()).toContain('site_token_revoked');
    await shot('audit-log');
    await page.goto(`${base}/account`);
    await shot('account');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
  }, 60_000);
});
