import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../packages/sdk/test/support/free-port.js';
import { startGatehouse, type RunningGatehouse } from '../../../../packages/sdk/test/support/gatehouse-process.js';
import { createExampleApp } from '../../src/app.js';
import { readConfig } from '../../src/config.js';

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url);

/** The example app driven end to end in Chromium against a running Gatehouse, all on loopback. */
describe('example app in Chromium', () => {
  let gatehouse: RunningGatehouse;
  let example: Server;
  let exampleUrl: string;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: new URL(`example-${name}.png`, SHOTS).pathname, fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    gatehouse = await startGatehouse();
    const port = await freePort();
    exampleUrl = `http://127.0.0.1:${port}`;
    const registered = await gatehouse.cli([
      'apps',
      'create',
      '--workspace',
      'demo',
      '--name',
      'Site Lister',
      '--description',
      'Lists the sites you let it see.',
      '--homepage',
      'https://example.com',
      '--redirect-uri',
      `${exampleUrl}/callback`,
      '--scope',
      'sites:read authorized_user:read',
      '--json',
    ]);
    const config = readConfig({
      GATEHOUSE_URL: gatehouse.url,
      CLIENT_ID: String(registered.client_id),
      CLIENT_SECRET: String(registered.client_secret),
      REDIRECT_URI: `${exampleUrl}/callback`,
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    example = await new Promise<Server>((resolve) => {
      const server = createExampleApp(config).listen(config.port, config.host, () => resolve(server));
    });
    browser = await chromium.launch({
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
    page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => example?.close(resolve));
    await gatehouse?.stop();
  });

  it('connects through login and consent, lists the chosen site, disconnects and sees the token refused', async () => {
    await page.goto(exampleUrl);
    await page.getByRole('link', { name: 'Connect with Gatehouse' }).click();

    await page.waitForURL(`${gatehouse.url}/login**`);
    await page.getByLabel('Email').fill(gatehouse.demo.email);
    await page.getByLabel('Password').fill(gatehouse.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(`${gatehouse.url}/oauth/authorize/resume**`);
    await expect(page.getByRole('heading', { name: 'Authorize Site Lister' }).isVisible()).resolves.toBe(true);
    await shot('consent');
    await page.getByLabel(/Only these sites/).check();
    await page.getByLabel(/Marketing Site/).check();
    await page.getByRole('button', { name: 'Authorize' }).click();

    await page.waitForURL(`${exampleUrl}/dashboard`);
    await shot('dashboard');
    expect(await page.locator('#sites li').allInnerTexts()).toEqual([expect.stringContaining('Marketing Site')]);
    expect(await page.locator('#user-email').innerText()).toBe(gatehouse.demo.email);
    expect(await page.locator('#scopes').innerText()).toContain('sites:read');

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.waitForURL(`${exampleUrl}/`);
    await shot('disconnected');
    expect(await page.getByRole('status').innerText()).toContain('Gatehouse now refuses the old token: 401 not_authorized');
    await page.goto(`${exampleUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('comes back with "You declined" when the user cancels on the consent screen', async () => {
    await page.goto(exampleUrl);
    await page.getByRole('link', { name: 'Connect with Gatehouse' }).click();
    await page.waitForURL(`${gatehouse.url}/oauth/authorize/resume**`); // still signed in at Gatehouse
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${exampleUrl}/`);
    expect(await page.getByRole('status').innerText()).toContain('You declined');
  });
});
