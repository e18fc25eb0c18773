import type { FastifyInstance } from 'fastify';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { totpCode } from '../../src/platform/accounts/two-factor/totp.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { addMember } from '../../src/platform/workspaces/workspaces.js';
import { createWorld, PASSWORD, type World } from '../support/fixtures.js';
import { checkAtBothWidths, launchChromium } from '../support/chromium.js';
import { freePort } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

/**
 * Passkeys and the second step in Chromium, with its virtual authenticator (CDP `WebAuthn`): a passkey is
 * registered on the account page, then used as the second step (also in the middle of an OAuth
 * authorization) and for a passwordless sign-in. WebAuthn refuses IP addresses as relying-party IDs, so
 * PUBLIC_URL is `http://localhost:<port>`.
 */
describe('passkeys and two-factor sign-in in Chromium', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let base: string;
  let world: World;

  const shot = (name: string) => checkAtBothWidths(page, name);
  async function signInWithPassword(): Promise<void> {
    await page.getByLabel('Email').fill(world.admin.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
  }

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    runtime = await createTestRuntime('sqlite', { PUBLIC_URL: base });
    app = await buildApp(runtime, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    world = await createWorld(runtime.ctx);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
  });

  it('registers a passkey on the account page and shows the recovery codes once', async () => {
    await page.goto(`${base}/account`);
    await page.waitForURL(/\/login\?/);
    await shot('sign-in-with-passkey-button');
    await signInWithPassword();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByRole('button', { name: 'Add a passkey' }).isVisible()).toBe(true);
    await shot('account-two-factor-off');
    await page.getByLabel('Passkey name').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/account\/passkeys$/);
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await shot('recovery-codes');
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.waitForURL(/done=passkey-added/);
    await expect.poll(() => page.getByRole('cell', { name: 'Test laptop' }).isVisible()).toBe(true);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    const stored = await runtime.ctx.db.selectFrom('passkeys').selectAll().where('user_id', '=', world.admin.id).execute();
    expect(stored.map((p) => [p.id, p.name])).toEqual([
      [credentials[0]!.credentialId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'Test laptop'],
    ]);
  });

  it('sets up an authenticator app from the QR page too', async () => {
    await page.goto(`${base}/account`);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.waitForURL(/\/account\/two-factor\/totp$/);
    await shot('totp-setup');
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('The 6-digit code your app shows').fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.waitForURL(/done=two-factor-on/);
    await expect.poll(() => page.getByText('An authenticator app is set up.').isVisible()).toBe(true);
    await shot('account-two-factor-on');
  });

  it('uses the passkey as the second step after the password', async () => {
    await signOut();
    await signInWithPassword();
    await page.waitForURL(/\/login\/two-factor$/);
    await expect.poll(() => page.getByRole('button', { name: 'Use a passkey' }).isVisible()).toBe(true);
    await shot('second-step');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    const logins = await runtime.ctx.db
      .selectFrom('audit_events')
      .select('payload')
      .where('actor_user_id', '=', world.admin.id)
      .where('event_sub_type', '=', 'login')
      .execute();
    expect(logins.map((l) => l.payload)).toContain(JSON.stringify({ secondFactor: 'passkey' }));
  });

  it('signs in with the passkey alone, without a password', async () => {
    await signOut();
    await expect.poll(() => page.getByRole('button', { name: 'Use a passkey' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByText(world.admin.email).isVisible()).toBe(true);
    const logins = await runtime.ctx.db
      .selectFrom('audit_events')
      .select('payload')
      .where('actor_user_id', '=', world.admin.id)
      .where('event_sub_type', '=', 'login')
      .execute();
    expect(logins.map((l) => l.payload)).toContain(JSON.stringify({ passkey: true }));
  });

  it('keeps an OAuth authorization going through the second step, back to the consent screen', async () => {
    await signOut();
    const query = new URLSearchParams({
      client_id: world.app.clientId,
      response_type: 'code',
      redirect_uri: 'https://app.example.com/callback',
      scope: 'sites:read',
      state: 'st',
    });
    await page.goto(`${base}/oauth/authorize?${query}`);
    await page.waitForURL(/\/login\?return_to=/);
    await signInWithPassword();
    await page.waitForURL(/\/login\/two-factor$/);
    await expect.poll(() => page.getByRole('button', { name: 'Use a passkey' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(/\/oauth\/authorize\/resume\?interaction=/);
    await expect.poll(() => page.getByRole('button', { name: 'Authorize' }).isVisible()).toBe(true);
  });

  it('shows the workspace requirement to its admin', async () => {
    await page.goto(`${base}/workspaces/${world.workspace.id}`);
    await page.getByRole('button', { name: 'Require two-factor sign-in' }).click();
    await page.waitForURL(/done=two-factor-required/);
    await expect.poll(() => page.getByRole('button', { name: 'Stop requiring two-factor sign-in' }).isVisible()).toBe(true);
    await shot('workspace-two-factor-required');
  });

  it('sends another admin without two-factor from the workspace, and from its consent screen, to set it up', async () => {
    const other = await createUser(runtime.ctx, { email: `other-admin-${Date.now()}@example.com`, password: PASSWORD, firstName: 'Oda', lastName: 'Other' });
    await addMember(runtime.ctx, world.workspace.id, other.id, 'admin');
    const memberPage = await (await browser.newContext()).newPage();
    const admin = page;
    page = memberPage;
    try {
      await page.goto(`${base}/workspaces/${world.workspace.id}`);
      await page.getByLabel('Email').fill(other.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/account\?return_to=/);
      await expect.poll(() => page.getByText(`${world.workspace.name} requires two-factor sign-in`).isVisible()).toBe(true);
      await shot('account-two-factor-required');
      const query = new URLSearchParams({
        client_id: world.app.clientId,
        response_type: 'code',
        redirect_uri: 'https://app.example.com/callback',
        scope: 'sites:read',
        state: 'st',
      });
      await page.goto(`${base}/oauth/authorize?${query}`);
      await page.waitForURL(/\/oauth\/authorize\/resume/);
      await expect.poll(() => page.getByRole('link', { name: 'Set up two-factor sign-in' }).isVisible()).toBe(true);
      await shot('consent-two-factor-required');
      await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click();
      await page.waitForURL(/\/account\?return_to=%2Foauth%2Fauthorize%2Fresume/);
    } finally {
      page = admin;
    }
  });
});
