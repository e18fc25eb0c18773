import { chromium, type Browser } from 'playwright-core';

const REDIRECT_URI = 'http://localhost:3000/callback';

/**
 * What the reader does at the browser for authentication.md: open the consent URL, sign in with the
 * demo login, pick "Only these sites" and the Marketing Site, approve, and copy `code` from the
 * address bar. Nothing listens on the demo app's redirect URI, so the code is read from the redirect
 * Gatehouse answers with (the page then fails to load, as it does for the reader).
 */
export async function approveDemoApp(browser: Browser, origin: string, login: { email: string; password: string; clientId: string }): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: login.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'sites:read authorized_user:read',
      state: 'xyz',
    });
    await page.goto(`${origin}/oauth/authorize?${query}`);
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await page.getByRole('radio', { name: /Only these sites/ }).check();
    await page.getByRole('checkbox', { name: /Marketing Site/ }).check();
    const [redirect] = await Promise.all([
      page.waitForResponse((res) => (res.headers().location ?? '').startsWith(REDIRECT_URI)),
      page.locator('button[value=approve]').click({ noWaitAfter: true }),
    ]);
    const callback = new URL(redirect.headers().location!);
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`the consent screen redirected to ${callback.href}`);
    return code;
  } finally {
    await context.close();
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
