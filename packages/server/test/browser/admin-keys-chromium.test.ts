import type { FastifyInstance } from 'fastify';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { grantOperator } from '../../src/platform/admin/deployment-operators.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const PASSWORD = 'correct horse battery';

/** docs/dashboard.md, "Admin API keys": an operator makes, copies and revokes a key in Chromium, at desktop and phone width. */
describe('admin API keys in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  const shot = (name: string) => checkAtBothWidths(page, name);

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite');
    await createUser(runtime.ctx, { email: 'ops@example.com', password: PASSWORD, firstName: 'Opal', lastName: 'Ops', emailVerified: true });
    await grantOperator(runtime.ctx, 'ops@example.com');
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

  it('creates a key shown once, lists it, and revokes it after confirming', async () => {
    await page.goto(`${base}/login`);
    await page.fill('#email', 'ops@example.com');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(`${base}/admin-keys`), page.click('nav.main a[href="/admin-keys"]')]);
    await shot('admin-keys-empty');

    await page.fill('#key-name', 'Provisioning backend');
    await page.check('input[value="admin:write"]');
    await Promise.all([page.waitForURL(`${base}/admin-keys`), page.click('button:has-text("Create key")')]);
    const value = await page.inputValue('#new-token');
    expect(value).toMatch(/^gth_admin_/);
    await shot('admin-keys-created');
    const answer = await fetch(`${base}/admin/v1/users`, { headers: { authorization: `Bearer ${value}` } });
    expect(answer.status).toBe(200);

    await page.reload();
    expect(await page.locator('#new-token').count()).toBe(0);
    const row = (await page.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ');
    expect(row).toContain('Provisioning backend');
    expect(row).toContain(`${value.slice(0, 16)}…`);
    expect(row).toContain('admin:read');
    expect(row).toContain('admin:write');

    await page.click('a:has-text("Revoke")');
    await shot('admin-keys-revoke-confirm');
    await Promise.all([page.waitForURL(/done=admin-key-revoked/), page.click('button:has-text("Revoke key")')]);
    expect(await page.locator('p.alert.ok').innerText()).toContain('Admin API key revoked.');
    expect((await fetch(`${base}/admin/v1/users`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(401);
  });
});
