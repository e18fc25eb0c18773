import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevOutbox } from '../../../src/mail/dev-outbox.js';
import { getSite } from '../../../src/platform/sites/sites.js';
import { getRole, getWorkspace, listWorkspacesForUser } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe.each(backends())('workspaces, members, sites and the audit log in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let clock = new Date('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => clock });
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
  });
  afterAll(() => t.close());

  it('creates a workspace with the creator as admin, then renames it and sets its plan', async () => {
    const res = await admin.post('/workspaces', { name: 'Café Ünïcode' });
    expect(res.statusCode).toBe(303);
    const id = /\/workspaces\/([0-9a-f]{24})/.exec(res.headers.location as string)![1]!;
    expect(await getRole(t.runtime.ctx, id, world.admin.id)).toBe('admin');
    expect((await admin.post(`/workspaces/${id}/settings`, { name: 'Renamed', plan: 'starter' })).statusCode).toBe(303);
    expect(await getWorkspace(t.runtime.ctx, id)).toMatchObject({ name: 'Renamed', plan: 'starter' });
    const bad = await admin.post(`/workspaces/${id}/settings`, { name: '', plan: 'platinum' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Workspace name must be 1 to 100 characters');
    const empty = await admin.post('/workspaces', { name: '   ' });
    expect(empty.statusCode).toBe(400);
  });

  it('invites members by email, changes roles, and keeps the last admin', async () => {
    const url = `/workspaces/${world.workspace.id}/members`;
    // One answer whether or not an account has the address.
    const unknown = await admin.post(url, { email: 'nobody@example.com', role: 'member' });
    expect(unknown.statusCode).toBe(303);
    const known = await admin.post(url, { email: world.outsider.email.toUpperCase(), role: 'member' });
    expect(known.statusCode).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    expect((await admin.get(unknown.headers.location as string)).body).toContain('Invitation sent.');
    expect((await admin.post(url, { email: world.outsider.email, role: 'member' })).statusCode).toBe(409);
    // The invitee joins by accepting the emailed link (kept by the development outbox here).
    const mail = (t.runtime.ctx.mail.transport as DevOutbox).messages().find((m) => m.to === world.outsider.email)!;
    const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]).pathname;
    const outsider = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.outsider.id);
    await outsider.get(link);
    expect((await outsider.post(`${link}/accept`)).statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.outsider.id)).toBe('member');

    const demoteSelf = await admin.post(`${url}/${world.admin.id}`, { action: 'role', role: 'member' });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.body).toContain('A workspace needs at least one admin');
    expect((await admin.post(`${url}/${world.admin.id}`, { action: 'remove' })).statusCode).toBe(409);

    expect((await admin.post(`${url}/${world.member.id}`, { action: 'role', role: 'admin' })).statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.member.id)).toBe('admin');
    expect((await admin.post(`${url}/${world.outsider.id}`, { action: 'remove' })).statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.outsider.id)).toBeUndefined();
    expect((await admin.post(`${url}/${world.member.id}`, { action: 'explode' })).statusCode).toBe(400);
  });

  it('creates and edits a site, manages custom domains, and publishes at most once a minute, firing site_publish webhooks', async () => {
    const created = await admin.post(`/workspaces/${world.workspace.id}/sites`, { display_name: 'Marketing' });
    expect(created.statusCode).toBe(303);
    const siteId = /\/sites\/([0-9a-f]{24})/.exec(created.headers.location as string)![1]!;
    expect((await admin.post(`/sites/${siteId}`, { display_name: 'Marketing site', time_zone: 'Europe/Paris' })).statusCode).toBe(303);
    const badZone = await admin.post(`/sites/${siteId}`, { display_name: 'x', time_zone: 'Mars/Olympus' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('Unknown time zone');
    const badDomain = await admin.post(`/sites/${siteId}/domains`, { url: 'not a domain' });
    expect(badDomain.statusCode).toBe(400);
    expect(badDomain.body).toContain('Enter a domain name');
    expect((await admin.post(`/sites/${siteId}/domains`, { url: 'www.example.com' })).statusCode).toBe(303);
    expect((await admin.post(`/sites/${siteId}/domains`, { url: 'www.example.com' })).statusCode).toBe(409);
    let site = await getSite(t.runtime.ctx, siteId);
    expect(site).toMatchObject({ displayName: 'Marketing site', timeZone: 'Europe/Paris' });

    // A site_publish webhook on a loopback port nothing listens on: the delivery is queued, never sent anywhere else.
    await t.runtime.ctx.db
      .insertInto('webhooks')
      .values({
        id: 'a'.repeat(24),
        site_id: siteId,
        workspace_id: world.workspace.id,
        app_id: world.app.id,
        access_token_id: null,
        trigger_type: 'site_publish',
        url: 'http://127.0.0.1:9/hook',
        filter: null,
        secret_key_encrypted: null,
        active: 1,
        consecutive_failures: 0,
        created_at: clock.toISOString(),
        last_triggered: null,
      })
      .execute();
    expect((await admin.post(`/sites/${siteId}/publish`)).statusCode).toBe(303);
    const deliveries = await t.runtime.ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', 'a'.repeat(24)).execute();
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({
      triggerType: 'site_publish',
      payload: { siteId, domains: ['www.example.com', expect.stringContaining('.webflow.io')] },
    });
    site = await getSite(t.runtime.ctx, siteId);
    expect(site.lastPublished).toBe(clock.toISOString());
    expect(site.customDomains[0]!.lastPublished).toBe(clock.toISOString());
    const tooSoon = await admin.post(`/sites/${siteId}/publish`);
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.body).toContain('published less than a minute ago');

    expect((await admin.post(`/sites/${siteId}/domains/${site.customDomains[0]!.id}/remove`)).statusCode).toBe(303);
    expect((await getSite(t.runtime.ctx, siteId)).customDomains).toEqual([]);
  });

  it('filters the audit log by event type and date range', async () => {
    clock = new Date('2026-03-05T09:00:00.000Z');
    await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'later', scopes: 'sites:read' });
    const url = `/workspaces/${world.workspace.id}/audit`;
    const all = await admin.get(url);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('workspace_membership');
    expect(all.body).toContain('site_token_created');
    const tokensOnly = await admin.get(`${url}?type=access_token`);
    expect(tokensOnly.body).toContain('site_token_created');
    expect(tokensOnly.body).not.toContain('member_added');
    const early = await admin.get(`${url}?from=2026-03-01&to=2026-03-02`);
    expect(early.body).toContain('member_added');
    expect(early.body).not.toContain('site_token_created');
    const late = await admin.get(`${url}?from=2026-03-05`);
    expect(late.body).toContain('site_token_created');
    expect(late.body).not.toContain('member_added');
    const bad = await admin.get(`${url}?from=2026-02-31&type=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a date as YYYY-MM-DD');
    expect((await admin.get(`${url}?type=a&type=b`)).statusCode).toBe(400);
  });

  it('shows the signed-in user their workspaces on /', async () => {
    const home = await admin.get('/');
    for (const ws of await listWorkspacesForUser(t.runtime.ctx, world.admin.id)) expect(home.body).toContain(`/workspaces/${ws.id}`);
    expect(home.body).not.toContain(world.otherWorkspace.id);
  });
});
