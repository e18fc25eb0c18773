import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/platform/apps.js';
import { recordAudit } from '../../../src/platform/audit.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe('an audit log you can use', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let member: DashboardAgent;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    url = `/workspaces/${world.workspace.id}/audit`;
    await admin.get(`/sites/${world.siteA.id}/api-access`);
    await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'Deploy bot', scopes: 'sites:read' });
    await createApp(
      t.runtime.ctx,
      world.workspace.id,
      { name: 'Formula =1+1, "quoted"', description: '', homepage: 'https://f.example', redirectUris: ['https://f.example/cb'], scopes: ['sites:read'] },
      { id: world.member.id, email: world.member.email },
    );
    await recordAudit(t.runtime.ctx, {
      workspaceId: world.workspace.id,
      eventType: 'workspace_setting',
      eventSubType: 'plan_changed',
      payload: { plan: 'business' },
    });
  });
  afterAll(() => t.close());

  it('shows names instead of raw ids', async () => {
    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span class="muted">Site:</span> Site A</li>');
    expect(page.body).toContain('<span class="muted">Token:</span> Deploy bot</li>');
    expect(page.body).toContain('<span class="muted">App:</span> Test App</li>');
    expect(page.body).not.toMatch(/tokenId: [0-9a-f]{24}/);
    expect(page.body).toMatch(new RegExp(`Ada Admin<br ?/?>\\s*<span class="muted small">${world.admin.email}`));
  });

  it('filters by actor, by "system or API", and by resource', async () => {
    const byMember = await admin.get(`${url}?actor=${world.member.id}`);
    expect(byMember.body).toContain('app_created');
    expect(byMember.body).not.toContain('site_token_created');
    const system = await admin.get(`${url}?actor=system`);
    expect(system.body).toContain('plan_changed');
    expect(system.body).not.toContain('<span class="muted">Name:</span> Formula');
    expect(byMember.body).toContain('<span class="muted">Name:</span> Formula');
    const aboutSite = await admin.get(`${url}?resource=${world.siteA.id}`);
    expect(aboutSite.body).toContain('site_token_created');
    expect(aboutSite.body).not.toContain('plan_changed');
    const aboutApp = await admin.get(`${url}?resource=${world.app.id}`);
    expect(aboutApp.body).toContain('app_created');
    expect(aboutApp.body).not.toContain('site_token_created');
    const bad = await admin.get(`${url}?actor=${world.outsider.id}&resource=${world.otherSite.id}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('No events by this person');
    expect(bad.body).toContain('Not a site or app of this workspace');
  });

  it('exports the same selection as CSV, safe to open in a spreadsheet', async () => {
    const res = await admin.get(`${url}/export?format=csv&resource=${world.siteA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,event_type,event_sub_type,actor_email,actor_name,details');
    expect(lines.some((l) => l.includes('site_token_created') && l.includes('Token: Deploy bot ('))).toBe(true);
    expect(lines.some((l) => l.includes('plan_changed'))).toBe(false);
    const all = await admin.get(`${url}/export?format=csv&type=app_management`);
    expect(all.body).toContain('Name: Formula =1+1, ""quoted""');
  });

  it('exports JSON with names and ids', async () => {
    const res = await admin.get(`${url}/export?format=json&actor=${world.member.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.truncated).toBe(false);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ eventType: 'app_management', eventSubType: 'app_created', actorEmail: world.member.email, actorName: 'Max Member' });
  });

  it('keeps the export to admins, like the page', async () => {
    expect((await member.get(url)).statusCode).toBe(403);
    expect((await member.get(`${url}/export?format=csv`)).statusCode).toBe(403);
    expect((await member.get(`${url}/export?format=json`)).statusCode).toBe(403);
    expect((await admin.get(`${url}/export?format=xml`)).statusCode).toBe(400);
  });

  it('quotes cells that a spreadsheet would run as formulas', async () => {
    const { csvCell } = await import('../../../src/views/dashboard/audit-export.js');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('plain')).toBe('plain');
  });
});
