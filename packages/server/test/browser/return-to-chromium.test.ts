import { createServer, type Server } from 'node:http';
import { type Browser, type BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { PASSWORD, createWorld, type World } from '../support/fixtures.js';
import { REFUSED_RETURN_TO } from '../support/redirect-attacks.js';
import { startLiveServer } from '../http/oauth/live-server.js';

/**
 * Each refused `return_to` in a real browser: whatever the server answers, Chromium must end on
 * Gatehouse's own origin, and the other origin (a loopback server) must see no request.
 */
describe('return_to in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let world: World;
  let browser: Browser;
  let other: Server;
  let otherHost = '';
  const otherHits: string[] = [];
  let address = 0;

  beforeAll(async () => {
    other = createServer((req, res) => {
      otherHits.push(req.url ?? '');
      res.end('the other origin');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherHost = `127.0.0.1:${(other.address() as { port: number }).port}`;
    // Sign-up is throttled per address; the test's contexts stand for different clients behind this proxy.
    server = await startLiveServer('sqlite', { TRUST_PROXY: '127.0.0.1' });
    world = await createWorld(server.runtime.ctx);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    other?.close();
  });

  const newContext = () => browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${++address}` } });
  const signedInContext = async (): Promise<BrowserContext> => {
    const context = await newContext();
    const value = await startSession(server.runtime.ctx, world.admin.id);
    await context.addCookies([{ name: 'gatehouse_session', value, url: server.origin }]);
    return context;
  };
  const finalOrigin = (url: string) => new URL(url).origin;

  describe.each(REFUSED_RETURN_TO.map(([label, encoded]) => [label, encoded.replaceAll('HOST', otherHost || 'HOST')] as const))('%s', (_label, template) => {
    const returnTo = () => template.replaceAll('HOST', otherHost);

    it('stays on Gatehouse when a signed-in user opens /login or /signup with it', async () => {
      const context = await signedInContext();
      const page = await context.newPage();
      for (const path of ['/login', '/signup']) {
        await page.goto(`${server.origin}${path}?return_to=${returnTo()}`);
        expect(finalOrigin(page.url())).toBe(server.origin);
        expect(new URL(page.url()).pathname).toBe('/');
      }
      await context.close();
    });

    it('stays on Gatehouse after signing in through the form', async () => {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(`${server.origin}/login?return_to=${returnTo()}`);
      await page.fill('#email', world.admin.email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(finalOrigin(page.url())).toBe(server.origin);
      expect(new URL(page.url()).pathname).toBe('/');
      await context.close();
    });

    it('stays on Gatehouse after signing up through the form', async () => {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(`${server.origin}/signup?return_to=${returnTo()}`);
      await page.fill('#email', `chromium-${address}@example.com`);
      await page.fill('#first_name', 'Chromium');
      await page.fill('#password', 'a long enough password');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      // Sign-up sends every address on to sign in (docs/dashboard.md), carrying return_to along.
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#email', `chromium-${address}@example.com`);
      await page.fill('#password', 'a long enough password');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(finalOrigin(page.url())).toBe(server.origin);
      expect(new URL(page.url()).pathname).toBe('/');
      await context.close();
    });
  });

  it('never sent the browser to the other origin', () => {
    expect(otherHits).toEqual([]);
  });
});
