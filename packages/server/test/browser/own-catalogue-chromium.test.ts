import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseClient } from '../../../sdk/src/index.js';
import { gatehouseExpress } from '../../../sdk/src/middleware/express.js';
import { PENDING_SIGN_IN_COOKIE, SESSION_COOKIE } from '../../src/http/plugins/session.js';
import { resendVerification } from '../../src/platform/accounts/email-verification.js';
import { requestPasswordReset } from '../../src/platform/accounts/password-reset.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { startPendingSignIn } from '../../src/platform/accounts/two-factor/pending-sign-in.js';
import { beginTotpSetup, totpCode } from '../../src/platform/accounts/two-factor/totp.js';
import { confirmTotp } from '../../src/platform/accounts/two-factor/two-factor-settings.js';
import { createAdminKey } from '../../src/platform/admin/admin-keys.js';
import { grantOperator } from '../../src/platform/admin/deployment-operators.js';
import { createApp } from '../../src/platform/apps/apps.js';
import { rotateClientSecret } from '../../src/platform/apps/client-secret-rotation.js';
import { createSiteToken, createWorkspaceToken } from '../../src/platform/tokens/api-tokens.js';
import { inviteMember } from '../../src/platform/workspaces/invitations.js';
import { createSite, type Site } from '../../src/platform/sites/sites.js';
import { createUser, type User } from '../../src/platform/accounts/users.js';
import { addMember, createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { tempDir } from '../cli/spawn-cli.js';
import { registeredRoutes, routeOf } from '../docs/registered-routes.js';
import { installApp } from '../support/authorized-app.js';
import { startLiveServer } from '../http/oauth/live-server.js';

/** The product of the shipped example catalogue: organizations hold projects, three scopes of its own. */
type AcmeScope = 'projects:read' | 'projects:write' | 'billing:read';
const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
const PASSWORD = 'correct horse battery';
const SHOTS = '/work/artifacts/words';
/**
 * GET routes that are not dashboard pages (APIs, files, the consent screen shown in its own test, and the
 * guides, which describe Gatehouse's model in its own words). Every other GET route must be walked.
 */
const NOT_WALKED: RegExp[] = [
  /^\/admin\/v1\//,
  /^\/\.well-known\//,
  /^\/(healthz|readyz|openapi\.json)$/,
  /^\/assets\//,
  /^\/docs(\/|$)/,
  /^\/oauth\/authorize(\/resume)?$/,
  /^\/workspaces\/:?[^/]+\/audit\/export$/,
];
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
  let plannerId = '';
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
    plannerId = registered.app.id;
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
    const { ctx } = server.runtime;
    const actor = { id: user.id, email: user.email };
    // A row on every list and detail page: a member to remove, an invitation, tokens of both kinds, an
    // installed app, a rotation still overlapping, an admin key; mail in the outbox whose links open the
    // reset, verification and invitation pages; someone halfway through a two-factor sign-in.
    const member = await createUser(ctx, { email: 'max@example.com', password: PASSWORD, firstName: 'Max', lastName: 'Member', emailVerified: false });
    await addMember(ctx, organization.id, member.id, 'member', actor);
    await inviteMember(ctx, organization.id, 'ivan@example.com', 'member', { ...actor, role: 'admin' });
    const deploy = await createSiteToken(ctx, project.id, { name: 'Deploy', scopes: ['projects:read'], actor });
    await createWorkspaceToken(ctx, organization.id, { name: 'Invoices', scopes: ['billing:read'], actor });
    await installApp(ctx, { appId: plannerId, userId: user.id, workspaceId: organization.id, siteIds: [project.id], scopes: ['projects:read'] });
    const reporter = await createApp(ctx, organization.id, {
      name: 'Reporter',
      description: 'Reports on your projects',
      homepage: 'https://reporter.example.com',
      redirectUris: ['https://reporter.example.com/callback'],
      scopes: ['projects:read'],
    });
    await rotateClientSecret(ctx, reporter.app.id, actor, { overlapSeconds: 3600 });
    await grantOperator(ctx, user.email);
    await createAdminKey(ctx, { name: 'Backend', scopes: ['admin:read'] }, actor);
    await requestPasswordReset(ctx, user.email, '127.0.0.1');
    await resendVerification(ctx, member);
    const careful = await createUser(ctx, { email: 'cara@example.com', password: PASSWORD, firstName: 'Cara', lastName: 'Careful' });
    await addMember(ctx, organization.id, careful.id, 'member', actor);
    const setup = await beginTotpSetup(ctx, careful);
    await confirmTotp(ctx, careful, totpCode(setup.secret, new Date()));
    const pendingSignIn = await startPendingSignIn(ctx, careful.id, 'password', '/');
    await ctx.mail.settled();

    const routes = [
      ...new Set(
        registeredRoutes(server.app)
          .filter((r) => r.method === 'GET')
          .map((r) => r.url),
      ),
    ];
    const walked = new Set<string>();
    const found: string[] = [];
    /** Pages to look at, at 1280 and 375 px: the page, a name, and where to open it first. */
    const shots: Array<[Page, string, string?]> = [];

    /** Opens a page and notes every built-in word a person reads on it; answers its same-origin links. */
    async function read(page: Page, url: string): Promise<string[]> {
      const answer = await page.goto(new URL(url, server.origin).href);
      if (!(answer?.headers()['content-type'] ?? '').startsWith('text/html')) return [];
      expect(answer!.status(), url).toBeLessThan(500);
      const at = new URL(page.url());
      const route = routeOf(routes, at.pathname);
      if (route) walked.add(route);
      await collectWords(page, at.pathname);
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      return links.filter((href) => new URL(href).origin === server.origin).map((href) => href.split('#')[0]!);
    }
    async function collectWords(page: Page, where: string): Promise<void> {
      // What a person reads: the visible text and the labels assistive technology speaks; code samples aside.
      const text = await page.evaluate(() => {
        const main = (document.querySelector('main') ?? document.body).cloneNode(true) as HTMLElement;
        main.querySelectorAll('code, pre').forEach((c) => c.remove());
        const labels = Array.from(document.querySelectorAll('[aria-label], optgroup[label], img[alt], [title]')).map(
          (e) => e.getAttribute('aria-label') ?? e.getAttribute('label') ?? e.getAttribute('alt') ?? e.getAttribute('title'),
        );
        return `${document.title} ${document.querySelector('header')?.innerText ?? ''} ${main.innerText} ${labels.join(' ')}`;
      });
      for (const m of text.matchAll(/\b(workspaces?|sites?|webflow|data api)\b/gi))
        found.push(`${where}: …${text.slice(Math.max(0, m.index - 40), m.index + 30)}…`);
    }
    /** Follows same-origin links breadth first, one page per route, leaving what is not a dashboard page alone. */
    async function walk(page: Page, start: string[]): Promise<void> {
      const queue = [...start];
      const opened = new Set<string>();
      while (queue.length) {
        const href = new URL(queue.shift()!, server.origin);
        const route = routeOf(routes, href.pathname);
        if (opened.has(href.pathname) || NOT_WALKED.some((re) => re.test(href.pathname)) || (route && walked.has(route))) continue;
        opened.add(href.pathname);
        queue.push(...(await read(page, href.pathname + href.search)));
      }
    }
    const signedIn = async (userId: string) => {
      const context = await browser.newContext();
      await context.addCookies([{ name: SESSION_COOKIE, value: await startSession(ctx, userId), url: server.origin }]);
      return context.newPage();
    };

    // The organization's admin, who also runs the deployment: the whole dashboard, found by its links.
    const admin = await signedIn(user.id);
    await walk(admin, ['/', '/admin-keys', `/workspaces/${organization.id}`, `/sites/${project.id}`, `/apps/${reporter.app.id}`, '/no-such-page']);
    await read(admin, '/workspaces/0123456789abcdef01234567');
    shots.push([admin, 'organization', `/workspaces/${organization.id}`], [admin, 'project-delete', `/sites/${project.id}/delete`]);
    shots.push([admin, 'project-token', `/sites/${project.id}/tokens/${deploy.record.id}`]);
    // A member opening an admin-only page: the 403 page.
    await read(await signedIn(member.id), `/workspaces/${organization.id}/apps/new`);
    // Two-factor pages: setting up an authenticator app, the recovery codes, the account page with two-factor on.
    const keen = await createUser(ctx, { email: 'kim@example.com', password: PASSWORD, firstName: 'Kim', lastName: 'Keen' });
    const twoFactor = await signedIn(keen.id);
    await read(twoFactor, '/account');
    await Promise.all([twoFactor.waitForURL('**/account/two-factor/totp'), twoFactor.click('button:has-text("Set up an authenticator app")')]);
    await collectWords(twoFactor, 'authenticator app setup');
    const secret = (await twoFactor.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    await twoFactor.fill('#code', totpCode(secret, new Date()));
    await Promise.all([twoFactor.waitForURL('**/account/two-factor/totp/confirm'), twoFactor.click('button:has-text("Turn on")')]);
    expect(await twoFactor.locator('#recovery-codes li').count()).toBeGreaterThan(0);
    await collectWords(twoFactor, 'recovery codes');
    await read(twoFactor, '/account');
    expect(await twoFactor.locator('#two-factor, h2:has-text("Two-factor sign-in")').first().innerText()).toContain('on');
    shots.push([twoFactor, 'account-two-factor']);
    // Signed out: sign-in, sign-up, the outbox and the mailed links, the second step of a two-factor sign-in, error pages.
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await walk(visitor, ['/login', '/signup', '/password/forgot', '/dev/outbox']);
    await read(visitor, '/login/upstream/none');
    await read(visitor, '/login/upstream/none/callback');
    await read(visitor, '/invitations/gth_inv_unknown');
    await visitorContext.addCookies([{ name: PENDING_SIGN_IN_COOKIE, value: pendingSignIn, url: server.origin }]);
    await read(visitor, '/login/two-factor');
    shots.push([visitor, 'two-factor-sign-in']);
    await visitor.goto(`${server.origin}/dev/outbox`);
    const invitationLink = await visitor.locator('a[href*="/invitations/gth_inv_"]').first().getAttribute('href');
    shots.push([await (await browser.newContext()).newPage(), 'invitation', new URL(invitationLink!).pathname]);

    const missed = routes.filter((route) => !walked.has(route) && !walked.has(route.replace(/(.)\/$/, '$1')) && !NOT_WALKED.some((re) => re.test(route)));
    // Pages nobody opened fail too: link them from a walked page, or open them here.
    expect({ found, missed }).toEqual({ found: [], missed: [] });
    for (const route of [
      '/apps/:aid',
      '/apps/:aid/edit',
      '/sites/:sid/tokens/:tid',
      '/workspaces/:wid/tokens/:tid',
      '/workspaces/:wid/members/:uid/remove',
      '/login/two-factor',
      '/invitations/:token',
      '/password/reset/:token',
      '/verify-email/:token',
    ])
      expect(walked, route).toContain(route);
    // Webhooks carry Webflow's trigger types: with a catalogue of its own there is no Webhooks tab.
    expect((await admin.goto(`${server.origin}/sites/${project.id}/webhooks`))?.status()).toBe(404);
    await admin.goto(`${server.origin}/sites/${project.id}`);
    expect(await admin.locator('nav.tabs a', { hasText: 'Webhooks' }).count()).toBe(0);
    shots.push([admin, 'project-settings']);
    for (const [page, name, path] of shots) {
      if (path) await page.goto(`${server.origin}${path}`);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 800 });
        await page.screenshot({ path: `${SHOTS}/own-catalogue-${name}-${width}.png`, fullPage: true });
      }
    }
  }, 180_000);

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
