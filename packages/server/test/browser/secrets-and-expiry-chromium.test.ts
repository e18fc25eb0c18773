import type { FastifyInstance } from 'fastify';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { SESSION_COOKIE } from '../../src/http/plugins/session.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { listApiTokens } from '../../src/platform/tokens/api-tokens.js';
import { seedCodes } from '../support/authorization-codes.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { createWorld, type World } from '../support/fixtures.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const DAY = 24 * 60 * 60 * 1000;
/** How the dashboard writes a time (views/dashboard/form-kit.ts, `when`). */
const shown = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * docs/dashboard.md, "Rotating the client secret", "Token expiry" and "Token hints", in Chromium against a
 * listening server: the overlap chosen in the form holds for a real token exchange until it is revoked early,
 * and tokens made with each kind of expiry are listed with their hint and end.
 */
describe('client secret overlap and token expiry in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let world: World;
  let codes: string[];

  /** RFC 6749 §4.1.3 over real HTTP, client_secret_post: the status and the body. */
  const exchange = async (secret: string) => {
    const answer = await fetch(`${base}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: world.app.clientId, client_secret: secret, grant_type: 'authorization_code', code: codes.shift()! }),
    });
    return { status: answer.status, body: (await answer.json()) as { access_token?: string; error?: string } };
  };
  const textOf = async (selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite');
    world = await createWorld(runtime.ctx);
    codes = await seedCodes(runtime.ctx, { appId: world.app.id, userId: world.admin.id, workspaceId: world.workspace.id }, 4);
    app = await buildApp(runtime, { logger: false });
    base = await listenOnLoopback(app);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: await startSession(runtime.ctx, world.admin.id), url: base }]);
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
  });

  it('rotates with the overlap chosen in the form: the old secret still exchanges a code until it is revoked early', async () => {
    const old = world.clientSecret;
    await page.goto(`${base}/apps/${world.app.id}`);
    expect(await page.locator('#previous-secret').count()).toBe(0);
    await page.getByRole('link', { name: 'Rotate secret' }).click();
    await page.waitForURL(`${base}/apps/${world.app.id}/rotate-secret`);
    expect(await page.locator('#overlap').inputValue()).toBe('0');
    await page.selectOption('#overlap', { label: '24 hours' });
    await checkAtBothWidths(page, 'secrets-rotate-confirm');

    const before = Date.now();
    await Promise.all([page.waitForURL(/done=secret-rotated-overlap/), page.getByRole('button', { name: 'Issue a new secret' }).click()]);
    const after = Date.now();
    expect(await textOf('p.alert.ok')).toContain('The previous one keeps working until the time shown below.');
    // The new secret, behind "Show client secret".
    await page.getByText('Show client secret').click();
    const fresh = await page.inputValue('#client-secret');
    expect(fresh).toMatch(/^gth_cs_/);
    expect(fresh).not.toBe(old);
    // The previous secret works until the chosen time: 24 hours after the rotation.
    const row = await runtime.ctx.db.selectFrom('apps').selectAll().where('id', '=', world.app.id).executeTakeFirstOrThrow();
    const until = row.previous_secret_expires_at!;
    expect(Date.parse(until)).toBeGreaterThanOrEqual(before + DAY - 1000);
    expect(Date.parse(until)).toBeLessThanOrEqual(after + DAY);
    expect(await page.locator('#previous-secret time').getAttribute('datetime')).toBe(until);
    expect(await textOf('#previous-secret')).toContain(`The previous client secret still works until ${shown(until)}.`);
    await checkAtBothWidths(page, 'secrets-app-overlap');

    // The warning's text keeps its own colour, not the usage chart's, in both schemes.
    expect(await page.locator('#previous-secret').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(147, 55, 13)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.locator('#previous-secret').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(253, 212, 122)');
    await checkAtBothWidths(page, 'secrets-app-overlap-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Both secrets exchange a code over real HTTP during the overlap.
    const withOld = await exchange(old);
    expect(withOld.status, JSON.stringify(withOld.body)).toBe(200);
    expect(withOld.body.access_token).toMatch(/^gth_/);
    expect((await exchange(fresh)).status).toBe(200);

    await page.getByRole('link', { name: 'Revoke previous secret now' }).click();
    await page.waitForURL(`${base}/apps/${world.app.id}/revoke-previous-secret`);
    expect(await textOf('main')).toContain(`the previous client secret would work until ${shown(until)}`);
    await checkAtBothWidths(page, 'secrets-revoke-previous-confirm');
    await Promise.all([page.waitForURL(/done=previous-secret-revoked/), page.getByRole('button', { name: 'Revoke previous secret' }).click()]);
    expect(await textOf('p.alert.ok')).toContain('Previous client secret revoked. Only the current secret works now.');
    expect(await page.locator('#previous-secret').count()).toBe(0);
    await checkAtBothWidths(page, 'secrets-app-after-revoke');

    const refused = await exchange(old);
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect((await exchange(fresh)).status).toBe(200);
  });

  it('creates site and workspace tokens with a chosen expiry and with the default, and lists each with its hint and end', async () => {
    const create = async (path: string, name: string, scope: string, expiry: { label: string; date?: string }) => {
      await page.goto(`${base}${path}`);
      await page.fill('#token-name', name);
      await page.check(`input[name=scopes][value="${scope}"]`);
      await page.selectOption('#token-expiry', { label: expiry.label });
      if (expiry.date) await page.fill('#token-expires-on', expiry.date);
      await Promise.all([page.waitForURL(`${base}${path}`), page.getByRole('button', { name: 'Create token' }).click()]);
      return page.inputValue('#new-token');
    };
    const sitePath = `/sites/${world.siteA.id}/api-access`;
    const workspacePath = `/workspaces/${world.workspace.id}/tokens`;

    // The default first: it is what the form starts with.
    await page.goto(`${base}${sitePath}`);
    expect(await page.locator('#token-expiry option:checked').innerText()).toBe('365 days after its last use (the default)');
    await checkAtBothWidths(page, 'secrets-site-tokens-form');

    const month = await create(sitePath, 'Deploy month', 'sites:read', { label: '30 days' });
    expect(await textOf('#new-token-hint')).toMatch(/Expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
    await checkAtBothWidths(page, 'secrets-site-token-created');
    const plain = await create(sitePath, 'Deploy default', 'sites:read', { label: '365 days after its last use (the default)' });
    expect(await textOf('#new-token-hint')).toContain('Expires after 365 days unused.');
    const dated = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const quarter = await create(workspacePath, 'Reporting', 'workspace:read', { label: 'On a date…', date: dated });

    for (const token of [month, plain]) {
      expect((await fetch(`${base}/v2/sites/${world.siteA.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    expect((await fetch(`${base}/v2/workspaces`, { headers: { authorization: `Bearer ${quarter}` } })).status).toBe(200);

    const siteTokens = await listApiTokens(runtime.ctx, { siteId: world.siteA.id });
    const monthRecord = siteTokens.find((t) => t.name === 'Deploy month')!;
    const plainRecord = siteTokens.find((t) => t.name === 'Deploy default')!;
    expect(Date.parse(monthRecord.expiresOn) - Date.parse(monthRecord.createdOn)).toBe(30 * DAY);
    expect(plainRecord.expiry).toBe('inactivity');

    await page.goto(`${base}${sitePath}`);
    expect(await page.locator('#new-token').count()).toBe(0);
    const rowOf = (name: string) => textOf(`tbody tr:has(a:text-is("${name}"))`);
    const monthRow = await rowOf('Deploy month');
    expect(monthRow).toContain(`gth_site_…${month.slice(-4)}`);
    expect(monthRow).toContain(shown(monthRecord.expiresOn));
    expect(monthRow).not.toContain('unless used');
    const plainRow = await rowOf('Deploy default');
    expect(plainRow).toContain(`gth_site_…${plain.slice(-4)}`);
    expect(plainRow).toContain(`${shown(plainRecord.expiresOn)} unless used (365 days unused)`);
    expect(await page.content()).not.toContain(month.slice(9, -4));
    await checkAtBothWidths(page, 'secrets-site-tokens-list');

    await page.goto(`${base}${workspacePath}`);
    const quarterRow = await rowOf('Reporting');
    expect(quarterRow).toContain(`gth_ws_…${quarter.slice(-4)}`);
    // Through the chosen day (UTC): the token stops at the next midnight.
    const next = new Date(Date.parse(`${dated}T00:00:00Z`) + DAY).toISOString();
    expect(quarterRow).toContain(shown(next));
    await checkAtBothWidths(page, 'secrets-workspace-tokens-list');
  });
});
