import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RevokedNotice } from '../../../src/platform/caches/events.js';
import { installApp, type InstalledApp } from '../../support/authorized-app.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe.each(backends())('authorized apps in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let wholeWorkspace: InstalledApp;
  let onSiteA: InstalledApp;
  const api = (token: string) => t.app.inject({ url: '/v2/sites', headers: { authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    const base = { appId: world.app.id, workspaceId: world.workspace.id };
    wholeWorkspace = await installApp(t.runtime.ctx, { ...base, userId: world.admin.id, scopes: ['sites:read', 'workspace:read'] });
    onSiteA = await installApp(t.runtime.ctx, { ...base, userId: world.member.id, siteIds: [world.siteA.id], scopes: ['sites:read', 'cms:read'] });
  });
  afterAll(() => t.close());

  it('lists each authorization with the app, who authorized it, what it reaches, scopes and date', async () => {
    const page = await admin.get(`/workspaces/${world.workspace.id}/authorized-apps`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Test App');
    expect(page.body).toContain(world.admin.email);
    expect(page.body).toContain(world.member.email);
    expect(page.body).toContain('whole workspace');
    expect(page.body).toContain('cms:read');
    expect(page.body).toMatch(/<time datetime="\d{4}-/);
  });

  it('lists per site the authorizations that reach it', async () => {
    const a = await admin.get(`/sites/${world.siteA.id}/authorized-apps`);
    expect(a.body).toContain(`/authorizations/${wholeWorkspace.authorizationId}/revoke`);
    expect(a.body).toContain(`/authorizations/${onSiteA.authorizationId}/revoke`);
    const b = await admin.get(`/sites/${world.siteB.id}/authorized-apps`);
    expect(b.body).toContain(`/authorizations/${wholeWorkspace.authorizationId}/revoke`);
    expect(b.body).not.toContain(`/authorizations/${onSiteA.authorizationId}/revoke`);
  });

  it('revokes an authorization: its tokens are refused at once, refresh tokens die, caches hear of it, it is audited', async () => {
    expect((await api(onSiteA.accessToken)).statusCode).toBe(200);
    const notices: RevokedNotice[] = [];
    t.runtime.ctx.events.on('revoked', (n) => notices.push(n));
    const back = `/sites/${world.siteA.id}/authorized-apps`;
    const confirm = await admin.get(`/authorizations/${onSiteA.authorizationId}/revoke?back=${encodeURIComponent(back)}`);
    expect(confirm.body).toContain('Revoke Test App?');
    const res = await admin.post(`/authorizations/${onSiteA.authorizationId}/revoke`, { back });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${back}?done=authorization-revoked`);
    expect((await admin.get(res.headers.location as string)).body).toContain('Access revoked');

    const refused = await api(onSiteA.accessToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('not_authorized');
    expect((await api(wholeWorkspace.accessToken)).statusCode).toBe(200);

    const db = t.runtime.ctx.db;
    expect(
      (await db.selectFrom('authorizations').select('revoked_at').where('id', '=', onSiteA.authorizationId).executeTakeFirstOrThrow()).revoked_at,
    ).not.toBeNull();
    expect(
      (await db.selectFrom('refresh_tokens').select('revoked_at').where('authorization_id', '=', onSiteA.authorizationId).executeTakeFirstOrThrow()).revoked_at,
    ).not.toBeNull();
    expect(notices).toEqual([{ authorizationIds: [onSiteA.authorizationId], tokenIds: [onSiteA.accessTokenId] }]);
    const audit = await db.selectFrom('audit_events').selectAll().where('event_sub_type', '=', 'authorization_revoked').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ event_type: 'app_authorization', actor_email: world.admin.email, workspace_id: world.workspace.id });
    expect((await admin.get(back)).body).not.toContain(onSiteA.authorizationId);
  });

  it('answers a second revoke of the same authorization with 404, and never redirects off-site', async () => {
    expect((await admin.post(`/authorizations/${onSiteA.authorizationId}/revoke`)).statusCode).toBe(404);
    const res = await admin.post(`/authorizations/${wholeWorkspace.authorizationId}/revoke`, { back: 'https://evil.example/authorized-apps' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/workspaces/${world.workspace.id}/authorized-apps?done=authorization-revoked`);
  });
});
