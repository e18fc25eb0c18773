import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginTotpSetup, spendTotpCode, totpCode } from '../../src/platform/accounts/two-factor/totp.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { startLiveServer } from '../http/oauth/live-server.js';
import { launchChromium } from '../support/chromium.js';
import { startUpstreamIdp } from '../support/upstream-idp.js';

/**
 * docs/authentication.md, "Sign-in with your identity provider": Gatehouse with passwords turned off,
 * signing people in through a real OpenID provider on loopback, in Chromium.
 */
describe('sign-in through an upstream OpenID provider, in Chromium', () => {
  let idp: Awaited<ReturnType<typeof startUpstreamIdp>>;
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;

  beforeAll(async () => {
    idp = await startUpstreamIdp();
    const providers = [{ id: 'corp', name: 'Corp ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }];
    server = await startLiveServer('sqlite', { UPSTREAM_OIDC_PROVIDERS: JSON.stringify(providers), LOCAL_PASSWORDS: 'false' });
    idp.serve(`${server.origin}/login/upstream/corp/callback`, {
      newcomer: { email: 'Newcomer@Example.com', email_verified: true, given_name: 'Nia', family_name: 'New' },
      existing: { email: 'existing@example.com', email_verified: true, given_name: 'Someone', family_name: 'Else' },
      unverified: { email: 'existing@example.com', email_verified: false },
      secured: { email: 'secured@example.com', email_verified: true },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  /** From Gatehouse's sign-in page through the provider's forms, back to Gatehouse. */
  async function signInAs(login: string, returnTo = '/'): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.origin}/login?return_to=${encodeURIComponent(returnTo)}`);
    await page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'anything');
    await page.click('button[type="submit"]');
    // The provider's consent step, the first time this person meets this client.
    while (new URL(page.url()).origin === idp.issuer) {
      await page.click('button[type="submit"]');
      await page.waitForLoadState();
    }
    return page;
  }

  it('offers only the provider when passwords are off, and refuses a password sign-in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.origin}/login`);
    expect(await page.getByRole('link', { name: 'Sign in with Corp ID' }).count()).toBe(1);
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    const posted = await fetch(`${server.origin}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40example.com&password=whatever12',
    });
    expect(posted.status).toBe(403);
    expect(await posted.text()).toContain('Password sign-in is turned off');
  });

  it('creates the account of a person it has not seen, just in time, and signs them in', async () => {
    const page = await signInAs('newcomer');
    expect(new URL(page.url()).pathname).toBe('/');
    const user = await server.runtime.ctx.db.selectFrom('users').selectAll().where('email', '=', 'newcomer@example.com').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ first_name: 'Nia', last_name: 'New' });
    expect(await page.content()).toContain('newcomer@example.com');
  }, 60_000);

  it('links to the existing account with the same verified email', async () => {
    const existing = await createUser(server.runtime.ctx, {
      email: 'existing@example.com',
      firstName: 'Ex',
      lastName: 'Isting',
      password: 'a long password here',
    });
    const page = await signInAs('existing');
    expect(new URL(page.url()).pathname).toBe('/');
    const rows = await server.runtime.ctx.db.selectFrom('users').select(['id', 'first_name']).where('email', '=', 'existing@example.com').execute();
    expect(rows).toEqual([{ id: existing.id, first_name: 'Ex' }]);
  }, 60_000);

  it('asks an account with two-factor sign-in for its second step after the provider, then goes where it was going', async () => {
    const ctx = server.runtime.ctx;
    const secured = await createUser(ctx, { email: 'secured@example.com', firstName: 'Sec', lastName: 'Ured', password: 'a long password here' });
    const { secret } = await beginTotpSetup(ctx, secured);
    expect(await spendTotpCode(ctx, secured.id, totpCode(secret, ctx.now()), false)).toBe(true);
    const page = await signInAs('secured', '/account');
    expect(new URL(page.url()).pathname).toBe('/login/two-factor');
    expect(await page.content()).toContain('secured@example.com');
    // The code of the next time step: the current one was spent by the confirmation.
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(totpCode(secret, new Date(ctx.now().getTime() + 30_000)));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.content()).toContain('An authenticator app is set up.');
  }, 60_000);

  it('refuses an address the provider has not verified', async () => {
    const page = await signInAs('unverified');
    expect(new URL(page.url()).pathname).toBe('/login/upstream/corp/callback');
    expect(await page.textContent('h1')).toBe('Sign-in with Corp ID failed');
    expect(await page.content()).toContain('has not verified this email address');
    const dashboard = await page.goto(`${server.origin}/`);
    expect(new URL(dashboard!.url()).pathname).toBe('/login');
  }, 60_000);

  it('refuses a callback it did not start, and an unknown provider', async () => {
    const forged = await fetch(`${server.origin}/login/upstream/corp/callback?code=stolen&state=guess`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Start again from the sign-in page');
    expect((await fetch(`${server.origin}/login/upstream/nobody`)).status).toBe(404);
  });
});
