import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createWorld, PASSWORD, type World } from '../support/fixtures.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';
import { SmtpSink } from '../support/smtp-sink.js';

/** Invitations and password reset in Chromium, following the links a real SMTP server received, with screenshots and axe. */
describe('accounts by email in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let sink: SmtpSink;
  let world: World;

  /** Screenshots at desktop and phone width; no overflow and no critical or serious axe finding at either. */
  const shot = (name: string) => checkAtBothWidths(page, name);
  /** The link in the newest message to `to` whose subject starts with `subject`, rebased on the listening server. */
  async function linkFrom(to: string, subject: string): Promise<string> {
    const mail = await sink.next((m) => m.to.includes(to) && m.subject.startsWith(subject));
    const url = new URL(mail.links[0]!);
    return `${base}${url.pathname}`;
  }
  async function signIn(email: string, password: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    runtime = await createTestRuntime('sqlite', { SMTP_URL: sink.url });
    app = await buildApp(runtime, { logger: false });
    base = await listenOnLoopback(app);
    world = await createWorld(runtime.ctx);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
    await sink?.stop();
  });

  it('an admin invites a newcomer, who signs up from the emailed link and joins', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/workspaces/${world.workspace.id}/members`);
    await signIn(world.admin.email, PASSWORD);
    await page.waitForURL(/\/members$/);
    await page.getByLabel('Email').fill('newcomer@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(/done=invitation-sent/);
    expect(await page.getByRole('status').textContent()).toContain('Invitation sent.');
    await shot('members-invitation-pending');
    await page.context().clearCookies();

    await page.goto(await linkFrom('newcomer@example.com', 'You are invited'));
    await shot('invitation-signed-out');
    await page.getByRole('link', { name: 'Create an account' }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('newcomer@example.com');
    await page.getByLabel('First name').fill('Nina');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/login\?/);
    await signIn('newcomer@example.com', PASSWORD);
    await page.waitForURL(/\/invitations\/gth_inv_/);
    await shot('invitation-signed-in');
    await page.getByRole('button', { name: `Join ${world.workspace.name}` }).click();
    await page.waitForURL(/done=invitation-accepted/);
    expect(await page.textContent('h1')).toContain(world.workspace.name);
    await page.close();
  }, 120_000);

  it('resets a forgotten password from the emailed link', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(world.member.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    expect(await page.getByRole('status').textContent()).toContain('If an account uses this address');
    await shot('password-forgot-sent');
    await page.goto(await linkFrom(world.member.email, 'Reset your Gatehouse password'));
    await page.locator('#new_password').fill('a fresh long password');
    await page.getByLabel('Repeat the new password').fill('a fresh long password');
    await shot('password-reset-form');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/done=password-reset/);
    await shot('login-after-reset');
    await signIn(world.member.email, 'a fresh long password');
    await page.waitForURL(`${base}/`);
    expect(await page.textContent('h1')).toBe('Workspaces');
    await page.close();
  }, 120_000);
});
