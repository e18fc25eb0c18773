import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/platform/apps/apps.js';
import { listAuditEvents } from '../../../src/platform/audit/audit.js';
import { listAuthorizedApps } from '../../../src/platform/authorization/authorized-apps.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { createWorkspace } from '../../../src/platform/workspaces/workspaces.js';
import { installApp } from '../../support/authorized-app.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';
import { REDIRECT, authorizeQuery, openConsent, postDecision, sessionCookie } from './oauth-helpers.js';

const checkedValues = (body: string, name: string): string[] =>
  [...body.matchAll(new RegExp(`<input type="(?:radio|checkbox)" name="${name}" value="([^"]+)"[^>]*\\schecked`, 'g'))].map((m) => m[1]!);
const radioChecked = (body: string, value: string) => new RegExp(`name="target" value="${value}"[^>]*\\schecked`).test(body);

describe('a consent screen that helps', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let adminCookie: string;
  let logoApp: App;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    adminCookie = await sessionCookie(t.runtime, world.admin);
    logoApp = (
      await createApp(t.runtime.ctx, world.workspace.id, {
        name: 'Logo App',
        description: '',
        homepage: 'https://www.example.com/about',
        logoUrl: 'https://cdn.example.net/logo.png',
        redirectUris: [REDIRECT],
        scopes: ['sites:read'],
      })
    ).app;
  });
  afterAll(() => t.close());

  it('opens on "these sites" with nothing ticked when the workspace has several sites', async () => {
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    expect(radioChecked(page.body, 'sites')).toBe(true);
    expect(radioChecked(page.body, 'workspace')).toBe(false);
    expect(checkedValues(page.body, 'site_id')).toEqual([]);
  });

  it('ticks the only site of a one-site workspace', async () => {
    const solo = await createWorkspace(t.runtime.ctx, { name: 'Solo', ownerUserId: world.admin.id });
    const only = await createSite(t.runtime.ctx, { workspaceId: solo.id, displayName: 'Only Site' });
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    const switched = await t.app.inject({
      url: `/oauth/authorize/resume?interaction=${/name="interaction" value="([^"]+)"/.exec(page.body)![1]}&workspace=${solo.id}`,
      headers: { cookie: adminCookie },
    });
    expect(radioChecked(switched.body, 'sites')).toBe(true);
    expect(checkedValues(switched.body, 'site_id')).toEqual([only.id]);
  });

  it('reads sites ticked with no radio chosen as "these sites" (a browser without JavaScript)', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app, { scope: 'sites:read' }));
    const res = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, site_id: world.siteB.id });
    expect(res.statusCode).toBe(303);
    expect(new URL(String(res.headers.location)).searchParams.get('code')).toMatch(/^gth_code_/);
    const mine = (await listAuthorizedApps(t.runtime.ctx, { workspaceId: world.workspace.id })).filter(
      (a) => a.appId === world.app.id && a.userId === world.admin.id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ target: 'sites', sites: [{ id: world.siteB.id }] });
  });

  it('still refuses an answer with neither a radio nor a site', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    const res = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose the whole workspace or some of its sites.');
  });

  it('keeps what the user picked when the answer is refused', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    const res = await postDecision(t.app, consent, {
      decision: 'approve',
      workspace_id: world.workspace.id,
      target: 'sites',
      site_id: [world.siteA.id, world.otherSite.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose sites of the selected workspace only.');
    expect(radioChecked(res.body, 'sites')).toBe(true);
    expect(checkedValues(res.body, 'site_id')).toEqual([world.siteA.id]);
    const whole = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'nonsense' });
    expect(whole.statusCode).toBe(400);
  });

  it('switches workspace from the select alone when scripts run, keeping the button for browsers without them', async () => {
    await createWorkspace(t.runtime.ctx, { name: 'Second', ownerUserId: world.admin.id });
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    expect(page.body).toContain('<select id="workspace" name="workspace" data-autosubmit>');
    expect(page.body).toContain('data-autosubmit-button>Switch workspace</button>');
    expect(page.body).toContain('<script src="/assets/consent.js" defer></script>');
    const script = await t.app.inject('/assets/consent.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain('data-autosubmit');
  });

  it('shows the logo (its origin alone allowed) and a verified homepage', async () => {
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(logoApp));
    expect(page.body).toContain('<img class="app-logo" src="https://cdn.example.net/logo.png" alt="" width="56" height="56" referrerpolicy="no-referrer"');
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data: https://cdn.example.net;");
    expect(page.body).toContain('>www.example.com</a>');
    expect(page.body).toContain('verified: same site as https://app.example.com');
    const plain = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    expect(plain.page.headers['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('warns when the homepage is not where the user is sent back', async () => {
    const elsewhere = (
      await createApp(t.runtime.ctx, world.workspace.id, {
        name: 'Elsewhere',
        description: '',
        homepage: 'https://trusted-bank.example',
        redirectUris: [REDIRECT],
        scopes: ['sites:read'],
      })
    ).app;
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(elsewhere));
    expect(page.body).toContain('not where you will be sent back to (https://app.example.com)');
  });

  it('refuses a logo that is not https, and reports it with the other mistakes', async () => {
    await expect(
      createApp(t.runtime.ctx, world.workspace.id, {
        name: '',
        description: '',
        homepage: 'http://x.example',
        logoUrl: 'http://cdn.example.net/l.png',
        redirectUris: ['ftp://x'],
        scopes: [],
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'name' }),
        expect.objectContaining({ field: 'homepage' }),
        expect.objectContaining({ field: 'logoUrl', message: 'Logo URL must use https' }),
        expect.objectContaining({ field: 'redirectUris' }),
        expect.objectContaining({ field: 'scopes' }),
      ]),
    });
  });

  it('shows the asking app on the sign-in page during OAuth', async () => {
    const start = await t.app.inject(`/oauth/authorize?${authorizeQuery(logoApp)}`);
    expect(start.statusCode).toBe(303);
    const login = await t.app.inject(String(start.headers.location));
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<strong>Logo App</strong> <span class="muted">(www.example.com)</span> is asking for access.');
    expect(login.headers['content-security-policy']).toContain('https://cdn.example.net');
    const plain = await t.app.inject('/login');
    expect(plain.body).not.toContain('is asking for access');
  });

  it('updates the existing authorization on re-consent instead of adding one, and narrows earlier tokens', async () => {
    const user = world.member;
    const ws = await createWorkspace(t.runtime.ctx, { name: 'Reconsent', ownerUserId: user.id });
    const s1 = await createSite(t.runtime.ctx, { workspaceId: ws.id, displayName: 'R1' });
    const s2 = await createSite(t.runtime.ctx, { workspaceId: ws.id, displayName: 'R2' });
    const app = (
      await createApp(t.runtime.ctx, world.workspace.id, {
        name: 'Again',
        description: '',
        homepage: 'https://app.example.com',
        redirectUris: [REDIRECT],
        scopes: ['sites:read', 'cms:read'],
        isPublic: true,
      })
    ).app;
    const cookie = await sessionCookie(t.runtime, user);
    const first = await openConsent(t.app, cookie, authorizeQuery(app, { scope: 'sites:read cms:read' }));
    expect((await postDecision(t.app, first, { decision: 'approve', workspace_id: ws.id, target: 'sites', site_id: [s1.id, s2.id] })).statusCode).toBe(303);
    const [before] = (await listAuthorizedApps(t.runtime.ctx, { workspaceId: ws.id })).filter((a) => a.appId === app.id);
    // Earlier tokens of that authorization: one within the new answer, one beyond it.
    const narrow = await installApp(t.runtime.ctx, { appId: app.id, userId: user.id, workspaceId: ws.id, siteIds: [s1.id], scopes: ['sites:read'] });
    const wide = await installApp(t.runtime.ctx, { appId: app.id, userId: user.id, workspaceId: ws.id, siteIds: [s1.id], scopes: ['sites:read', 'cms:read'] });
    await t.runtime.ctx.db
      .updateTable('access_tokens')
      .set({ authorization_id: before!.id })
      .where('id', 'in', [narrow.accessTokenId, wide.accessTokenId])
      .execute();
    await t.runtime.ctx.db.deleteFrom('authorizations').where('id', 'in', [narrow.authorizationId, wide.authorizationId]).execute();
    const reach = async (token: string, siteId: string) =>
      (await t.app.inject({ url: `/v2/sites/${siteId}`, headers: { authorization: `Bearer ${token}` } })).statusCode;
    expect(await reach(narrow.accessToken, s2.id)).toBe(200);

    const again = await openConsent(t.app, cookie, authorizeQuery(app, { scope: 'sites:read' }));
    expect((await postDecision(t.app, again, { decision: 'approve', workspace_id: ws.id, target: 'sites', site_id: s1.id })).statusCode).toBe(303);
    const after = (await listAuthorizedApps(t.runtime.ctx, { workspaceId: ws.id })).filter((a) => a.appId === app.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, scopes: ['sites:read'], sites: [{ id: s1.id }] });
    expect(after[0]!.updatedOn).not.toBeNull();
    // The narrower answer applies at once: the site left out is out of reach, the token beyond it is revoked.
    expect(await reach(narrow.accessToken, s1.id)).toBe(200);
    expect(await reach(narrow.accessToken, s2.id)).not.toBe(200);
    expect(await reach(wide.accessToken, s1.id)).toBe(401);
    const { items } = await listAuditEvents(t.runtime.ctx, { workspaceId: ws.id, eventType: 'app_authorization', offset: 0, limit: 10 });
    expect(items.map((e) => e.event_sub_type)).toEqual(['authorization_updated', 'authorization_granted']);
  });

  it('shows the last use of each authorization on Authorized apps', async () => {
    const installed = await installApp(t.runtime.ctx, { appId: logoApp.id, userId: world.admin.id, workspaceId: world.workspace.id, scopes: ['sites:read'] });
    await t.runtime.ctx.db.insertInto('token_last_used').values({ token_id: installed.accessTokenId, last_used_at: '2026-11-30T09:15:00.000Z' }).execute();
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    const page = await agent.get(`/workspaces/${world.workspace.id}/authorized-apps`);
    expect(page.body).toContain('<th scope="col">Last used</th>');
    expect(page.body).toContain('<td data-label="Last used"><time datetime="2026-11-30T09:15:00.000Z">2026-11-30 09:15 UTC</time></td>');
  });
});
