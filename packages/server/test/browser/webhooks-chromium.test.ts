import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { createWorld, type World } from '../support/fixtures.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

/** docs/dashboard.md, "Webhooks": create, test, redeliver and delete in Chromium against a real server and a real receiver on loopback. */
describe('webhooks in the dashboard in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let world: World;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push({ headers: req.headers, body }), res.writeHead(200).end()));
  });
  let hookUrl: string;

  /** Saves the page at desktop and phone width; neither may overflow the screen or have a serious axe finding. */
  const shot = (name: string) => checkAtBothWidths(page, name);

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webflow/forms`;
    runtime = await createTestRuntime('sqlite');
    world = await createWorld(runtime.ctx);
    // An app's webhook beside the one made in the browser, so the list shows two kinds of owner.
    await createWebhook(runtime.ctx, {
      siteId: world.siteA.id,
      workspaceId: world.workspace.id,
      triggerType: 'site_publish',
      url: 'https://hooks.example.com/webflow/publish?source=gatehouse',
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    app = await buildApp(runtime, { logger: false });
    base = await listenOnLoopback(app);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: 'gatehouse_session', value: await startSession(runtime.ctx, world.admin.id), url: base }]);
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
    receiver.close();
  });

  it('creates a webhook after showing every mistake at once, and shows its secret once', async () => {
    await page.goto(`${base}/sites/${world.siteA.id}`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(`${base}/sites/${world.siteA.id}/webhooks`);
    await page.getByLabel('Trigger type', { exact: true }).first().selectOption('site_publish');
    await page.getByLabel('URL').fill('ftp://example.com/in');
    await page.getByLabel('Form name filter (optional)').fill('Contact');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await expect.poll(() => page.locator('#webhook-filter-error').textContent()).toContain('form_submission webhooks only');
    expect(await page.locator('#webhook-url-error').textContent()).toBeTruthy();
    await shot('webhooks-create-errors');

    await page.locator('#webhook-trigger').selectOption('form_submission');
    await page.getByLabel('URL').fill(hookUrl);
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.waitForURL(/\/webhooks\/[0-9a-f]{24}\?done=webhook-created$/);
    expect(await page.locator('#webhook-secret').inputValue()).toMatch(/^gth_whsec_/);
    await shot('webhook-created');
    await page.reload();
    expect(await page.locator('#webhook-secret').count()).toBe(0);
  });

  it('sends a test event and redelivers it to the receiver under the same delivery id', async () => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.waitForURL(/\?done=webhook-test-sent$/);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ triggerType: 'form_submission', payload: { name: 'Contact' } });
    const row = page.locator('tbody tr').first();
    expect(await row.getByText('delivered').count()).toBe(1);
    expect(await row.locator('td[data-label="Response time"]').textContent()).toMatch(/^\d+ ms$/);

    await row.getByRole('button', { name: /Redeliver/ }).click();
    await page.waitForURL(/\?done=webhook-redelivered$/);
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['x-gatehouse-delivery-id']).toBe(received[0]!.headers['x-gatehouse-delivery-id']);
    expect(await page.locator('tbody tr').first().locator('td[data-label="Attempts"]').textContent()).toBe('2');
    await shot('webhook-deliveries');
  });

  it('lists both webhooks with their owners, and deletes one after a confirmation page', async () => {
    await page.getByRole('link', { name: /All webhooks of/ }).click();
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('tbody').textContent()).toContain('Test App');
    expect(await page.locator('tbody').textContent()).toContain(world.admin.email);
    await shot('webhooks-list');

    await page.getByRole('link', { name: 'form_submission' }).click();
    await page.getByRole('link', { name: 'Delete webhook…' }).click();
    expect(await page.getByRole('heading', { name: 'Delete this webhook?' }).count()).toBe(1);
    await shot('webhook-delete-confirm');
    await page.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL(/\/webhooks\?done=webhook-deleted$/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('status').first().textContent()).toContain('Webhook deleted.');
  });

  it('keeps the site settings page without the webhook forms that moved to the tab', async () => {
    await page.goto(`${base}/sites/${world.siteA.id}`);
    expect(await page.getByRole('button', { name: 'Send test event' }).count()).toBe(0);
    await shot('site-settings');
  });
});
