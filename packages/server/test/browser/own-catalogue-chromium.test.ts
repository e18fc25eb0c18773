import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseClient } from '../../../sdk/src/index.js';
import { gatehouseExpress } from '../../../sdk/src/middleware/express.js';
import { createApp } from '../../src/platform/apps/apps.js';
import { createSite, type Site } from '../../src/platform/sites/sites.js';
import { createUser, type User } from '../../src/platform/accounts/users.js';
import { createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { tempDir } from '../cli/spawn-cli.js';
import { startLiveServer } from '../http/oauth/live-server.js';

/** The product of the shipped example catalogue: organizations hold projects, three scopes of its own. */
type AcmeScope = 'projects:read' | 'projects:write' | 'billing:read';
const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
const PASSWORD = 'correct horse battery';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

/** The example catalogue with a logo beside it, as a deployment would keep them. */
function configWithLogo(): string {
  const dir = tempDir('gatehouse-own-catalogue-');
  const config = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  config.product.logo = 'acme-logo.svg';
  writeFileSync(path.join(dir, 'acme-logo.svg'), LOGO);
  writeFileSync(path.join(dir, 'gatehouse.config.json'), JSON.stringify(config));
  return path.join(dir, 'gatehouse.config.json');
}

describe('Gatehouse with a catalogue of its own: consent in Chromium, exchange, introspection, SDK middleware, revoke', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let callbackServer: Server;
  let callbackUrl = '';
  let callback: URL | undefined;
  let projectsApi: Server;
  let projectsApiUrl = '';
  let user: User;
  let organization: Workspace;
  let project: Site;
  let app: { clientId: string; clientSecret: string };
  let resourceServer: { clientId: string; clientSecret: string };
  let accessToken = '';

  beforeAll(async () => {
    callbackServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', callbackUrl);
      if (url.pathname === '/callback') callback = url;
      res.end('callback reached');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;

    server = await startLiveServer('sqlite', { GATEHOUSE_CONFIG: configWithLogo() });
    const { ctx } = server.runtime;
    user = await createUser(ctx, { email: `owner-${Date.now()}@example.com`, password: PASSWORD, firstName: 'Olga', lastName: 'Owner' });
    organization = await createWorkspace(ctx, { name: 'Umbrella Org', ownerUserId: user.id });
    project = await createSite(ctx, { workspaceId: organization.id, displayName: 'Apollo' });
    await createSite(ctx, { workspaceId: organization.id, displayName: 'Gemini' });
    const registered = await createApp(ctx, organization.id, {
      name: 'Planner',
      description: 'Plans your projects',
      homepage: 'https://planner.example.com',
      redirectUris: [callbackUrl],
      scopes: ['projects:read', 'billing:read'],
    });
    app = { clientId: registered.app.clientId, clientSecret: registered.clientSecret };
    const rs = await createApp(ctx, organization.id, {
      name: 'Projects API',
      description: 'The product API',
      homepage: 'https://api.example.com',
      redirectUris: ['https://api.example.com/unused'],
      scopes: ['projects:read'],
    });
    resourceServer = { clientId: rs.app.clientId, clientSecret: rs.clientSecret };

    // The product's own API, protected by the SDK middleware with the product's scopes (no cache: revocation shows at once).
    const auth = gatehouseExpress<AcmeScope>({ baseUrl: server.origin, ...resourceServer, cacheTtlMs: 0 });
    const readProjects = auth.requireScopes('projects:read');
    const writeProjects = auth.requireScopes('projects:write');
    // @ts-expect-error: a Webflow scope is not one of this product's scopes
    auth.requireScopes('sites:read');
    projectsApi = createServer((req, res) => {
      const guard = req.url === '/projects' ? readProjects : writeProjects;
      guard(req, res, (error) => {
        res.statusCode = error ? 500 : 200;
        res.end(JSON.stringify({ ok: !error }));
      });
    });
    await new Promise<void>((resolve) => projectsApi.listen(0, '127.0.0.1', resolve));
    projectsApiUrl = `http://127.0.0.1:${(projectsApi.address() as AddressInfo).port}`;

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
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    callbackServer?.close();
    projectsApi?.close();
  });

  it('shows the consent screen in the configured words, and the code it sends back exchanges for the configured scopes', async () => {
    const client = new GatehouseClient<AcmeScope>({ baseUrl: server.origin, ...app });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(client.authorizeURL({ scope: ['projects:read', 'billing:read'], state: 'acme-state', redirectUri: callbackUrl }));
    await page.fill('#email', user.email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/oauth\/authorize\/resume/), page.click('button[type=submit]')]);

    expect(await page.title()).toBe('Authorize Planner · Acme Projects');
    expect(await page.locator('header .brand').innerText()).toBe('Acme Projects');
    const logo = page.locator('header .brand img.logo');
    expect(await logo.getAttribute('src')).toBe('/assets/logo');
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(10);
    const scopes = await page.locator('ul.scopes').innerText();
    expect(scopes).toContain('Projects');
    expect(scopes).toContain('See your projects and their tasks');
    expect(scopes).toContain('Billing');
    expect(scopes).toContain("See your organization's invoices (only if you choose the whole organization)");
    const picker = (await page.locator('fieldset').innerText()).replace(/\s+/g, ' ');
    expect(picker).toContain('Where may Planner act?');
    expect(picker).toContain('The whole organization Umbrella Org (all its projects, including projects added later)');
    expect(picker).toContain('Only these projects of Umbrella Org:');
    expect((await page.locator('main').innerText()).toLowerCase()).not.toMatch(/workspace|\bsites?\b/);

    await page.check('input[name=target][value=sites]');
    await page.check(`input[name=site_id][value="${project.id}"]`);
    await Promise.all([page.waitForURL(`${callbackUrl}**`), page.click('button[value=approve]')]);
    expect(callback?.searchParams.get('state')).toBe('acme-state');
    await context.close();

    const token = await client.getAccessToken({ code: callback!.searchParams.get('code')!, redirectUri: callbackUrl });
    // Organization-level scopes come only with the whole organization.
    expect(token.scope).toBe('projects:read');
    accessToken = token.accessToken;
  });

  it('shows the dashboard in the configured words', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${server.origin}/`), page.click('button[type=submit]')]);
    expect(await page.title()).toBe('Organizations · Acme Projects');
    expect(await page.locator('h1').innerText()).toBe('Organizations');
    expect(await page.locator('nav.main a').first().innerText()).toBe('Organizations');
    expect(await page.locator('main h2').last().innerText()).toBe('Create an organization');
    await context.close();
  });

  it('walks every dashboard page without the built-in level words', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${server.origin}/`), page.click('button[type=submit]')]);
    const pages = [
      '/',
      `/workspaces/${organization.id}`,
      `/workspaces/${organization.id}/members`,
      `/workspaces/${organization.id}/apps`,
      `/workspaces/${organization.id}/apps/new`,
      `/workspaces/${organization.id}/tokens`,
      `/workspaces/${organization.id}/authorized-apps`,
      `/workspaces/${organization.id}/audit`,
      `/sites/${project.id}`,
      `/sites/${project.id}/api-access`,
      `/sites/${project.id}/authorized-apps`,
      '/account',
    ];
    const found: string[] = [];
    for (const path of pages) {
      const answer = await page.goto(`${server.origin}${path}`);
      expect(answer?.status(), path).toBe(200);
      // What a person reads: the visible text and the labels assistive technology speaks; code samples aside.
      const text = await page.evaluate(() => {
        const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
        main.querySelectorAll('code, pre').forEach((c) => c.remove());
        const labels = Array.from(document.querySelectorAll('[aria-label], optgroup[label]')).map(
          (e) => e.getAttribute('aria-label') ?? e.getAttribute('label'),
        );
        return `${document.title} ${document.querySelector('header')!.innerText} ${main.innerText} ${labels.join(' ')}`;
      });
      for (const m of text.matchAll(/\b(workspaces?|sites?|webflow)\b/gi)) found.push(`${path}: …${text.slice(Math.max(0, m.index - 40), m.index + 30)}…`);
    }
    expect(found).toEqual([]);
    // Webhooks carry Webflow's trigger types: with a catalogue of its own there is no Webhooks tab.
    expect((await page.goto(`${server.origin}/sites/${project.id}/webhooks`))?.status()).toBe(404);
    await page.goto(`${server.origin}/sites/${project.id}`);
    expect(await page.locator('nav.tabs a', { hasText: 'Webhooks' }).count()).toBe(0);
    await page.screenshot({ path: '/work/artifacts/own-api-gaps/own-catalogue-project-settings.png', fullPage: true });
    await page.goto(`${server.origin}/workspaces/${organization.id}`);
    await page.screenshot({ path: '/work/artifacts/own-api-gaps/own-catalogue-organization.png', fullPage: true });
    await context.close();
  });

  it('answers RFC 7662 introspection with the configured scopes and the chosen project', async () => {
    const info = await new GatehouseClient<AcmeScope>({ baseUrl: server.origin, ...resourceServer }).introspect(accessToken);
    expect(info).toMatchObject({ active: true, scope: 'projects:read', scopes: ['projects:read'], siteIds: [project.id], workspaceIds: [organization.id] });
  });

  it('lets the SDK middleware accept and refuse by the configured scopes', async () => {
    const read = await fetch(`${projectsApiUrl}/projects`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(read.status).toBe(200);
    const write = await fetch(`${projectsApiUrl}/tasks`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(write.headers.get('www-authenticate')).toContain('scope="projects:write"');
  });

  it('serves no Webflow Data API, and describes only the configured scopes', async () => {
    expect((await fetch(`${server.origin}/v2/sites`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(404);
    expect((await fetch(`${server.origin}/v2/token/introspect`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(404);
    const metadata = await (await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.scopes_supported).toEqual(['projects:read', 'projects:write', 'billing:read']);
    const openapi = await (await fetch(`${server.origin}/openapi.json`)).json();
    expect(openapi.info.title).toBe('Acme Projects authorization server');
    expect(Object.keys(openapi.components.securitySchemes.oauth2.flows.authorizationCode.scopes)).toEqual(['projects:read', 'projects:write', 'billing:read']);
    expect(Object.keys(openapi.paths).filter((p) => p.startsWith('/v2') || p.startsWith('/gatehouse/'))).toEqual([]);
    const logo = await fetch(`${server.origin}/assets/logo`);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect(await logo.text()).toBe(LOGO);
  });

  it('refuses a Webflow scope at the authorize endpoint', async () => {
    const refused = await fetch(
      `${server.origin}/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, response_type: 'code', redirect_uri: callbackUrl, scope: 'sites:read' })}`,
      {
        redirect: 'manual',
      },
    );
    expect(refused.status).toBe(303);
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  it('after a revoke, introspection says inactive and the middleware answers 401', async () => {
    expect(await new GatehouseClient<AcmeScope>({ baseUrl: server.origin, ...app }).revokeToken(accessToken, { rfc7009: true })).toBe(true);
    expect(await new GatehouseClient({ baseUrl: server.origin, ...resourceServer }).introspect(accessToken)).toEqual({ active: false });
    const read = await fetch(`${projectsApiUrl}/projects`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(read.status).toBe(401);
    expect(read.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
