import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/platform/apps/apps.js';
import { listAuditEvents } from '../../../src/platform/audit/audit.js';
import { listAuthorizedApps } from '../../../src/platform/authorization/authorized-apps.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, REDIRECT, authorizeQuery, openConsent, postDecision, sessionCookie } from './oauth-helpers.js';

describe('consent screen', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let adminCookie: string;
  let publicApp: App;
  let singleSiteApp: App;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    adminCookie = await sessionCookie(t.runtime, world.admin);
    const base = { description: 'Lists <b>sites</b>', homepage: 'https://app.example.com', redirectUris: [REDIRECT], scopes: ['sites:read', 'workspace:read'] };
    publicApp = (await createApp(t.runtime.ctx, world.workspace.id, { ...base, name: 'Public App', isPublic: true })).app;
    singleSiteApp = (await createApp(t.runtime.ctx, world.workspace.id, { ...base, name: 'One Site App', restrictToSingleSite: true })).app;
  });
  afterAll(() => t.close());

  it('shows the app, each scope in plain words grouped by resource, and the picker, with anti-framing headers', async () => {
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(world.app, { scope: 'sites:read sites:write workspace:read' }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Authorize Test App');
    expect(page.body).toContain('An app for tests');
    expect(page.body).toContain('href="https://app.example.com"');
    expect(page.body).toContain('<strong>Sites</strong>');
    expect(page.body).toContain('Publish your sites and change their settings');
    expect(page.body).toContain('(only if you choose the whole workspace)');
    expect(page.body).toContain(`value="${world.siteA.id}"`);
    expect(page.body).toContain('name="target" value="workspace"');
    // No inline script: only Gatehouse's own enhancement file, and the page works without it.
    expect(page.body).not.toMatch(/<script(?! src="\/assets\/)/);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).not.toContain('form-action');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('escapes what the app registered', async () => {
    const { page } = await openConsent(t.app, adminCookie, authorizeQuery(publicApp));
    expect(page.body).toContain('Lists &lt;b&gt;sites&lt;/b&gt;');
  });

  it('approves sites with a 303 carrying code, state and iss, and records the authorization and an audit event', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app, { state: 'st-1', scope: 'sites:read workspace:read' }));
    const res = await postDecision(t.app, consent, {
      decision: 'approve',
      workspace_id: world.workspace.id,
      target: 'sites',
      site_id: [world.siteA.id, world.siteB.id],
    });
    expect(res.statusCode).toBe(303);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/^gth_code_/);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(ISSUER);
    const [latest] = await listAuthorizedApps(t.runtime.ctx, { workspaceId: world.workspace.id });
    expect(latest).toMatchObject({ target: 'sites', scopes: ['sites:read'] });
    expect(latest!.sites.map((s) => s.id).sort()).toEqual([world.siteA.id, world.siteB.id].sort());
    const audit = await listAuditEvents(t.runtime.ctx, { workspaceId: world.workspace.id, eventType: 'app_authorization', offset: 0, limit: 10 });
    expect(audit.items.some((e) => e.event_sub_type === 'authorization_granted')).toBe(true);
  });

  it('denies with access_denied, state and iss, and audits the denial', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app, { state: 'deny-me' }));
    const res = await postDecision(t.app, consent, { decision: 'deny' });
    const params = new URL(String(res.headers.location)).searchParams;
    expect(res.statusCode).toBe(303);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('deny-me');
    expect(params.get('iss')).toBe(ISSUER);
    const audit = await listAuditEvents(t.runtime.ctx, { workspaceId: world.workspace.id, eventType: 'app_authorization', offset: 0, limit: 20 });
    expect(audit.items.some((e) => e.event_sub_type === 'authorization_denied')).toBe(true);
  });

  it('refuses a decision without the CSRF token, and the request stays answerable', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    const forged = await postDecision(t.app, { ...consent, csrf: 'forged' }, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    expect(forged.statusCode).toBe(403);
    const ok = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    expect(ok.statusCode).toBe(303);
  });

  it('answers one decision per request: a replayed approval is refused', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    const fields = { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' };
    expect((await postDecision(t.app, consent, fields)).statusCode).toBe(303);
    expect((await postDecision(t.app, consent, fields)).statusCode).toBe(400);
  });

  it('refuses sites of another workspace, no site at all, and garbage ids, re-showing the form', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app));
    for (const fields of <Array<Record<string, string | string[]>>>[
      { decision: 'approve', workspace_id: world.workspace.id, target: 'sites', site_id: [world.otherSite.id] },
      { decision: 'approve', workspace_id: world.workspace.id, target: 'sites' },
      { decision: 'approve', workspace_id: world.otherWorkspace.id, target: 'workspace' },
      { decision: 'approve', workspace_id: 'ünïcødé', target: 'sites', site_id: ['x'] },
    ]) {
      const res = await postDecision(t.app, consent, fields);
      expect(res.statusCode, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  it('lets only members of its own workspace install an app that is not public', async () => {
    const outsider = await sessionCookie(t.runtime, world.outsider);
    const { page } = await openConsent(t.app, outsider, authorizeQuery(world.app));
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('not public yet');
    expect(page.body).not.toContain('value="approve"');
  });

  it('offers only the workspaces the user belongs to for a public app', async () => {
    const outsider = await sessionCookie(t.runtime, world.outsider);
    const consent = await openConsent(t.app, outsider, authorizeQuery(publicApp));
    expect(consent.page.statusCode).toBe(200);
    expect(consent.page.body).toContain(world.otherSite.id);
    expect(consent.page.body).not.toContain(world.siteA.id);
    const refused = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    expect(refused.statusCode).toBe(400);
    const ok = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.otherWorkspace.id, target: 'sites', site_id: world.otherSite.id });
    expect(ok.statusCode).toBe(303);
  });

  it('restricts a single-site app to exactly one site, offered as radio buttons', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(singleSiteApp));
    expect(consent.page.body).toContain(`type="radio" name="site_id" value="${world.siteA.id}"`);
    expect(consent.page.body).not.toContain('value="workspace"');
    const two = await postDecision(t.app, consent, {
      decision: 'approve',
      workspace_id: world.workspace.id,
      target: 'sites',
      site_id: [world.siteA.id, world.siteB.id],
    });
    expect(two.statusCode).toBe(400);
    const whole = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    expect(whole.statusCode).toBe(400);
    const one = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'sites', site_id: world.siteB.id });
    expect(one.statusCode).toBe(303);
  });

  it('answers a decision that is not a form, or too large, with an HTML page, and decides nothing', async () => {
    const consent = await openConsent(t.app, adminCookie, authorizeQuery(world.app, { scope: 'sites:read' }));
    const send = (contentType: string, payload: string) =>
      t.app.inject({ method: 'POST', url: '/oauth/authorize/decision', headers: { cookie: consent.cookie, 'content-type': contentType }, payload });
    const fields = { _csrf: consent.csrf, interaction: consent.interaction, decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' };
    for (const [contentType, payload] of [
      ['application/json', JSON.stringify(fields)],
      ['text/plain', new URLSearchParams(fields).toString()],
    ] as const) {
      const res = await send(contentType, payload);
      expect([contentType, res.statusCode, res.headers['content-type']]).toEqual([contentType, 415, 'text/html; charset=utf-8']);
      expect(res.body).toContain('Unsupported form');
      expect(res.body).toContain('invalid_request');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    const huge = await send('application/x-www-form-urlencoded', new URLSearchParams({ ...fields, pad: 'x'.repeat(300 * 1024) }).toString());
    expect([huge.statusCode, huge.headers['content-type']]).toEqual([413, 'text/html; charset=utf-8']);
    expect(huge.body).toContain('The form is too large.');
    // None of those decided anything: the same interaction is still open and can be approved.
    const res = await postDecision(t.app, consent, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('code=');
  });

  it('answers a sign-in that is not a form with an HTML page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: world.admin.email, password: 'x' }),
    });
    expect([res.statusCode, res.headers['content-type']]).toEqual([415, 'text/html; charset=utf-8']);
    expect(res.body).toContain('Send forms as application/x-www-form-urlencoded.');
  });
});
