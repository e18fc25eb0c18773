import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/platform/apps/apps.js';
import { PASSWORD, createWorld, type World } from '../support/fixtures.js';
import { startLiveServer } from '../http/oauth/live-server.js';

let CALLBACK = '';
const OUTPUT = path.resolve(import.meta.dirname, '../../test-output');

describe('consent in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let world: World;
  let browser: Browser;
  let callbackServer: Server;
  let callback: URL | undefined;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    // The app's callback: a loopback server that records what the browser was sent to.
    callbackServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', CALLBACK);
      if (url.pathname === '/callback') callback = url;
      res.end('callback reached');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    CALLBACK = `http://127.0.0.1:${(callbackServer.address() as { port: number }).port}/callback`;
    server = await startLiveServer();
    world = await createWorld(server.runtime.ctx, { redirectUris: [CALLBACK] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    callbackServer?.close();
  });

  it('login → consent (pick sites) → redirect with a code → exchange, with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const query = new URLSearchParams({
      client_id: world.app.clientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'sites:read comments:read workspace:read',
      state: 'browser-state',
    });
    await page.goto(`${server.origin}/oauth/authorize?${query}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: path.join(OUTPUT, 'oauth-login.png'), fullPage: true });
    await page.fill('#email', world.admin.email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/oauth\/authorize\/resume/), page.click('button[type=submit]')]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Authorize Test App');
    await page.check('input[name=target][value=sites]');
    await page.check(`input[name=site_id][value="${world.siteA.id}"]`);
    await page.screenshot({ path: path.join(OUTPUT, 'oauth-consent.png'), fullPage: true });
    await Promise.all([page.waitForURL(`${CALLBACK}**`), page.click('button[value=approve]')]);
    expect(callback?.searchParams.get('state')).toBe('browser-state');
    expect(callback?.searchParams.get('iss')).toBe(server.origin);

    const token = await fetch(`${server.origin}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: world.app.clientId,
        client_secret: world.clientSecret,
        grant_type: 'authorization_code',
        code: callback!.searchParams.get('code'),
        redirect_uri: CALLBACK,
      }),
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token_type: 'bearer', scope: 'comments:read sites:read' });
    await context.close();
  });

  it('renders the single-site picker and the not-public refusal', async () => {
    const { app: single } = await createApp(server.runtime.ctx, world.workspace.id, {
      name: 'One Site App',
      description: 'Installs on exactly one site.',
      homepage: 'https://one.example.com',
      redirectUris: [CALLBACK],
      scopes: ['sites:read'],
      restrictToSingleSite: true,
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const login = async (email: string) => {
      await page.goto(`${server.origin}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    };
    await login(world.admin.email);
    await page.goto(`${server.origin}/oauth/authorize?client_id=${single.clientId}&response_type=code&scope=sites:read`);
    expect(await page.locator('input[type=radio][name=site_id]').count()).toBe(2);
    await page.screenshot({ path: path.join(OUTPUT, 'oauth-consent-single-site.png'), fullPage: true });
    await context.clearCookies();
    await login(world.outsider.email);
    const res = await page.goto(`${server.origin}/oauth/authorize?client_id=${world.app.clientId}&response_type=code&scope=sites:read`);
    expect(res?.status()).toBe(403);
    await page.screenshot({ path: path.join(OUTPUT, 'oauth-consent-not-public.png'), fullPage: true });
    const bad = await page.goto(`${server.origin}/oauth/authorize?client_id=unknown`);
    expect(bad?.status()).toBe(400);
    await page.screenshot({ path: path.join(OUTPUT, 'oauth-error-page.png'), fullPage: true });
    await context.close();
  });
});
