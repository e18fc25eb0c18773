import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { htmlFormErrors } from '../../src/http/html-form-errors.js';
import { PENDING_SIGN_IN_COOKIE, SESSION_COOKIE } from '../../src/http/plugins/session.js';
import { resendVerification } from '../../src/platform/accounts/email-verification.js';
import { requestPasswordReset } from '../../src/platform/accounts/password-reset.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { createUser, findUserByEmail } from '../../src/platform/accounts/users.js';
import { startPendingSignIn } from '../../src/platform/accounts/two-factor/pending-sign-in.js';
import { beginTotpSetup, totpCode } from '../../src/platform/accounts/two-factor/totp.js';
import { confirmTotp } from '../../src/platform/accounts/two-factor/two-factor-settings.js';
import { createAdminKey } from '../../src/platform/admin/admin-keys.js';
import { grantOperator } from '../../src/platform/admin/deployment-operators.js';
import { rotateClientSecret } from '../../src/platform/apps/client-secret-rotation.js';
import { seedDemo } from '../../src/platform/seed-demo.js';
import { createDashboardWebhook } from '../../src/platform/webhooks/site-webhooks.js';
import { createSiteToken, createWorkspaceToken } from '../../src/platform/tokens/api-tokens.js';
import { inviteMember } from '../../src/platform/workspaces/invitations.js';
import { addMember } from '../../src/platform/workspaces/workspaces.js';
import { registeredRoutes, routeOf } from '../docs/registered-routes.js';
import { installApp } from '../support/authorized-app.js';
import { COLOUR_RULES, launchChromium, overflowingElements, seriousViolations } from '../support/chromium.js';
import { freePort } from '../support/loopback.js';
import { createTestRuntime, type TestRuntime } from '../support/runtime.js';

const SHOTS = path.resolve(import.meta.dirname, '../../test-output/accessibility');
const WIDTHS = [1280, 375] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Reached only in this test: the 500 page, rendered by the same handler every page surface uses. */
const FAULT_PAGE = '/__accessibility-gate/fault';
const MAX_SHOT_HEIGHT = 2400;

/**
 * GET routes that answer something other than a page (JSON APIs, files, downloads). Every other GET route
 * must be opened by this gate; a new page that nothing links to and that is not listed below fails it.
 */
const NOT_PAGES: RegExp[] = [
  /^\/v2(\/|$)/,
  /^\/beta(\/|$)/,
  /^\/admin\/v1\//,
  /^\/gatehouse\/v1\//,
  /^\/\.well-known\//,
  /^\/(healthz|readyz|openapi\.json)$/,
  /^\/assets\//,
  /^\/docs\/assets\//,
  // Swagger UI's own files; the page itself (/docs/api/) is audited.
  /^\/docs\/api\/(static\/|json$|yaml$|\*$)/,
  /^\/workspaces\/:[a-z_]+\/audit\/export$/,
];
/** Route patterns where every distinct page is audited (one docs guide is not like another); elsewhere one URL per route. */
const EVERY_PAGE = new Set<string>(process.env.GATE_QUICK ? [] : ['/docs/:page']);

interface Seen {
  pattern: string | undefined;
  html: boolean;
}

/**
 * The accessibility gate (docs/adr/0019-console.md): every HTML page, found by crawling same-origin links
 * from the signed-in dashboard and from a list of pages nothing links to, at 1280 and 375 px, in the
 * light and the dark scheme; no critical or serious axe-core finding, nothing wider than the screen,
 * and a screenshot of each.
 */
describe('accessibility gate: every page at 1280 and 375 px, light and dark', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let routes: string[];
  const contexts: BrowserContext[] = [];
  /** What the server answered per request URL (path and query): the route pattern and whether it was HTML. */
  const served = new Map<string, Seen>();
  /** Route patterns whose page was audited in the browser. */
  const audited = new Set<string>();
  const visitedUrls = new Set<string>();
  /** What the crawl opened: one page per route pattern (every docs guide). */
  const crawled = new Set<string>();
  const failures: string[] = [];
  const shots: string[] = [];
  const seed = { workspace: '', site: '', app: '', clientId: '', redirectUri: '', admin: '', member: '', pendingSignIn: '' };

  const sessionCookie = async (userId: string) => ({
    name: SESSION_COOKIE,
    value: await startSession(runtime.ctx, userId),
    url: origin,
  });
  async function newPage(userId?: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 } });
    contexts.push(context);
    if (userId) await context.addCookies([await sessionCookie(userId)]);
    return context.newPage();
  }

  /** Screenshots and axe in both schemes at both widths, for the page as it is now. */
  async function audit(page: Page, name: string, fullPage = true): Promise<void> {
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        const file = path.join(SHOTS, `${name}-${width}-${colorScheme}.png`);
        // The top of a long page is enough to look at; axe reads the whole page either way.
        const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), MAX_SHOT_HEIGHT);
        await page.screenshot({ path: file, ...(fullPage ? { fullPage, clip: { x: 0, y: 0, width, height } } : {}) });
        shots.push(file);
        const where = `${name} at ${width} px, ${colorScheme}`;
        // Dark only swaps colour properties (assets/*.css), so there the colour rules are what can differ.
        for (const v of await seriousViolations(page, colorScheme === 'dark' ? COLOUR_RULES : undefined)) failures.push(`${where}: ${v}`);
        for (const el of await overflowingElements(page, width)) failures.push(`${where}: ${el} reaches past the right edge`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  }

  /** Opens a page, audits it, and returns the same-origin links on it. */
  async function visit(page: Page, url: string, name: string, then?: (page: Page) => Promise<void>): Promise<string[]> {
    await page.goto(new URL(url, origin).href);
    const at = new URL(page.url());
    const seen = served.get(at.pathname + at.search);
    if (!seen?.html) {
      failures.push(`${name} (${url}) did not end on an HTML page`);
      return [];
    }
    if (seen.pattern) audited.add(seen.pattern);
    visitedUrls.add(at.pathname + at.search);
    const reference = seen.pattern === '/docs/api';
    if (reference) await page.waitForSelector('.opblock');
    await audit(page, name, !reference);
    await then?.(page);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    return links.filter((href) => new URL(href).origin === origin).map((href) => href.split('#')[0]!);
  }

  /**
   * Follows same-origin links breadth first from `start`: one page per route pattern (every docs guide),
   * only what answers HTML (downloads and JSON are left alone).
   */
  async function crawl(page: Page, start: string[]): Promise<void> {
    const queue = [...start];
    const urlsDone = new Set<string>();
    while (queue.length) {
      const href = new URL(queue.shift()!, origin);
      const key = href.pathname + href.search;
      if (urlsDone.has(key)) continue;
      urlsDone.add(key);
      const route = routeOf(routes, href.pathname) ?? href.pathname;
      const perPage = EVERY_PAGE.has(route) ? href.pathname : route;
      if (crawled.has(perPage) || (!EVERY_PAGE.has(route) && audited.has(route))) continue;
      const probe = await page.context().request.get(href.href, { maxRedirects: 0 });
      if (!(probe.headers()['content-type'] ?? '').startsWith('text/html') || probe.status() >= 300) continue;
      crawled.add(perPage);
      const name =
        href.pathname
          .replace(/[0-9a-f]{24}/g, 'id')
          .replace(/gth_[a-z]+_[\w-]+/, 'link')
          .replace(/[^a-z0-9]+/gi, '-')
          .replace(/^-|-$/g, '') || 'home';
      queue.push(...(await visit(page, key, name)));
    }
  }

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    // A loopback PUBLIC_URL without SMTP_URL: mail goes to the development outbox, whose page is audited too.
    runtime = await createTestRuntime('sqlite', { PUBLIC_URL: origin });
    const { ctx } = runtime;
    const demo = await seedDemo(ctx);
    const admin = (await findUserByEmail(ctx, demo.email))!;
    const actor = { id: admin.id, email: admin.email };
    const sites = await ctx.db.selectFrom('sites').select(['id', 'workspace_id']).execute();
    const appRow = await ctx.db.selectFrom('apps').select(['id']).executeTakeFirstOrThrow();
    Object.assign(seed, { workspace: sites[0]!.workspace_id, site: sites[0]!.id, app: appRow.id, clientId: demo.clientId, redirectUri: demo.redirectUri });
    // A member, a pending invitation, tokens of each kind and an installed app, so every list and detail page has a row.
    const member = await createUser(ctx, {
      email: 'member@example.com',
      password: 'a long member password',
      firstName: 'Max',
      lastName: 'Member',
      emailVerified: false,
    });
    await addMember(ctx, seed.workspace, member.id, 'member', actor);
    await inviteMember(ctx, seed.workspace, 'invitee@example.com', 'member', { ...actor, role: 'admin' });
    await createSiteToken(ctx, seed.site, { name: 'Deploy', scopes: ['sites:read'], actor });
    await createWorkspaceToken(ctx, seed.workspace, { name: 'Reporting', scopes: ['workspace:read'], actor });
    await installApp(ctx, { appId: seed.app, userId: admin.id, workspaceId: seed.workspace, siteIds: [seed.site], scopes: ['sites:read'] });
    // A rotation whose overlap still runs: the app page shows the previous secret's warning and links its early revoke.
    await rotateClientSecret(ctx, seed.app, actor, { overlapSeconds: 24 * 60 * 60 });
    await createDashboardWebhook(ctx, {
      site: { id: seed.site, workspaceId: seed.workspace },
      user: actor,
      triggerType: 'site_publish',
      url: `${origin}/hooks/gatehouse`,
      filterName: '',
      actor,
    });
    // The demo admin also runs the deployment: the admin-key pages, with one key listed.
    await grantOperator(ctx, admin.email);
    await createAdminKey(ctx, { name: 'Backend', scopes: ['admin:read'] }, actor);
    // Someone halfway through signing in with an authenticator app: the second-step page.
    const careful = await createUser(ctx, { email: 'careful@example.com', password: 'a long careful password', firstName: 'Cara', lastName: 'Careful' });
    const setup = await beginTotpSetup(ctx, careful);
    await confirmTotp(ctx, careful, totpCode(setup.secret, new Date()));
    seed.pendingSignIn = await startPendingSignIn(ctx, careful.id, 'password', '/');
    // Mail whose links open the password-reset and email-verification pages (found on the outbox page).
    await requestPasswordReset(ctx, admin.email, '127.0.0.1');
    await resendVerification(ctx, member);

    app = await buildApp(runtime, { logger: false });
    await app.register(async (scope) => {
      htmlFormErrors(scope);
      scope.get(FAULT_PAGE, async () => {
        throw new Error('a fault for the accessibility gate');
      });
    });
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET') return;
      served.set(req.url, { pattern: req.routeOptions.url, html: String(reply.getHeader('content-type') ?? '').startsWith('text/html') });
    });
    await app.listen({ port, host: '127.0.0.1' });
    routes = [
      ...new Set(
        registeredRoutes(app)
          .filter((r) => r.method === 'GET' && r.url !== FAULT_PAGE)
          .map((r) => r.url),
      ),
    ];
    browser = await launchChromium();
    Object.assign(seed, { admin: admin.id, member: member.id });
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    await runtime?.dispose();
  });

  it('finds no critical or serious axe violation and nothing wider than the screen on any page', async () => {
    const authorize = (redirectUri: string) =>
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: seed.clientId, redirect_uri: redirectUri, scope: 'sites:read', state: 'gate' })}`;

    // Signed out: the pages a visitor sees, those emailed links open (through the outbox), and the docs.
    const asVisitor = async () => {
      const page = await newPage();
      const links = await visit(page, '/login', 'sign-in');
      // The reference first: its route is then done, and the crawl's link to it is not opened again.
      await visit(page, '/docs/api/', 'reference', async () => {
        await page.locator('.btn.authorize').first().click();
        await page.waitForSelector('.modal-ux .auth-container');
        await audit(page, 'reference-authorize', false);
        await page.locator('.modal-ux button.close-modal').click();
        // An operation opened: parameters, the request body, responses and their schemas.
        const operation = page.locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/v2/sites/{site_id}/webhooks"]') }).first();
        await operation.locator('.opblock-summary-control').click();
        await operation.locator('.responses-wrapper').waitFor();
        await operation.scrollIntoViewIfNeeded();
        await audit(page, 'reference-operation', false);
      });
      await crawl(page, [...links, '/dev/outbox', '/docs']);
      await visit(page, authorize(seed.redirectUri), 'sign-in-for-app');
      await visit(page, '/no-such-page', 'not-found');
      await visit(page, FAULT_PAGE, 'server-error');
      await visit(page, authorize('https://elsewhere.example/callback'), 'oauth-error-redirect-uri');
      await visit(page, '/oauth/authorize?client_id=nobody', 'oauth-error-unknown-app');
      await visit(page, '/login/upstream/none', 'upstream-sign-in-unknown');
      await visit(page, '/login/upstream/none/callback', 'upstream-callback-unknown');
      await visit(page, '/password/reset/gth_pwr_spent', 'password-reset-spent');
      await visit(page, '/verify-email/gth_ver_spent', 'email-verification-spent');
      await visit(page, '/invitations/gth_inv_unknown', 'invitation-unknown');
      await visit(page, '/docs/search?q=workspace+token', 'docs-search');
      await page.context().addCookies([{ name: PENDING_SIGN_IN_COOKIE, value: seed.pendingSignIn, url: origin }]);
      await visit(page, '/login/two-factor', 'sign-in-second-step');
    };

    // Signed in as the workspace admin: a parked authorization request, then the whole dashboard found by its links.
    const asAdmin = async () => {
      const page = await newPage(seed.admin);
      await visit(page, authorize(seed.redirectUri), 'consent');
      await crawl(page, ['/', '/admin-keys', `/workspaces/${seed.workspace}`, `/sites/${seed.site}`, `/apps/${seed.app}`]);
      // A member opening an admin-only page gets the 403 page.
      await visit(await newPage(seed.member), `/workspaces/${seed.workspace}/apps/new`, 'forbidden');
    };

    await Promise.all([asVisitor(), asAdmin()]);
    expect(failures).toEqual([]);
  }, 600_000);

  it('opened every GET route that answers a page', () => {
    // Fastify registers a prefixed plugin's root both with and without the slash, under one route.
    const missed = routes.filter((route) => !audited.has(route) && !audited.has(route.replace(/(.)\/$/, '$1')) && !NOT_PAGES.some((re) => re.test(route)));
    expect(missed, `pages nobody visited (link them from a crawled page, or open them explicitly here)`).toEqual([]);
    // The gate saw the surfaces the requirement names.
    for (const route of ['/', '/login', '/signup', '/oauth/authorize/resume', '/docs', '/docs/:page', '/docs/api', '/dev/outbox', '/workspaces/:wid/audit'])
      expect(audited, route).toContain(route);
    expect(shots.length).toBeGreaterThan(100);
    console.log(`accessibility gate: ${visitedUrls.size} pages, ${shots.length} screenshots in ${SHOTS}`);
  });
});
