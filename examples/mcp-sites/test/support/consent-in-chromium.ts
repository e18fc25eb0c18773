import type { Browser } from 'playwright-core';

/**
 * The user's part, in real Chromium: open the authorization URL the MCP client asked for, sign in, choose
 * "specific sites" and tick exactly `siteId`, approve, and hand back the URL the browser was redirected to.
 */
export async function consentToOneSite(
  browser: Browser,
  authorizationUrl: URL,
  user: { email: string; password: string },
  siteId: string,
  callbackPrefix: string,
): Promise<URL> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(authorizationUrl.href);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(/\/oauth\/authorize\/resume/), page.click('button[type=submit]')]);
    await page.check('input[name=target][value=sites]');
    await page.check(`input[name=site_id][value="${siteId}"]`);
    await Promise.all([page.waitForURL(`${callbackPrefix}**`), page.click('button[value=approve]')]);
    return new URL(page.url());
  } finally {
    await context.close();
  }
}
