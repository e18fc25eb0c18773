import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiTokens } from '../../../src/platform/tokens/api-tokens.js';
import { listMembers } from '../../../src/platform/workspaces/workspaces.js';
import { installApp } from '../../support/authorized-app.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe.each(backends())('dashboard access control on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  let member: DashboardAgent;
  let outsider: DashboardAgent;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    outsider = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.outsider.id);
  });
  afterAll(() => t.close());

  it('sends a signed-out visitor to /login with the page to come back to', async () => {
    const res = await t.app.inject(`/workspaces/${world.workspace.id}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?return_to=${encodeURIComponent(`/workspaces/${world.workspace.id}`)}`);
  });

  it('shows the client secret to a workspace admin', async () => {
    const res = await admin.get(`/apps/${world.app.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(world.clientSecret);
  });

  it('shows a member the app but never its client secret', async () => {
    const res = await member.get(`/apps/${world.app.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(world.app.clientId);
    expect(res.body).not.toContain(world.clientSecret);
    expect(res.body).toContain('Only workspace admins can see the client secret');
  });

  it('refuses a member who tries to manage tokens, members or apps with 403', async () => {
    const attempts = [
      member.post(`/sites/${world.siteA.id}/tokens`, { name: 'sneaky', scopes: 'sites:read' }),
      member.post(`/workspaces/${world.workspace.id}/tokens`, { name: 'sneaky', scopes: 'workspace:read' }),
      member.post(`/workspaces/${world.workspace.id}/members`, { email: world.outsider.email, role: 'admin' }),
      member.post(`/workspaces/${world.workspace.id}/members/${world.admin.id}`, { action: 'remove' }),
      member.post(`/workspaces/${world.workspace.id}/apps`, {
        name: 'x',
        homepage: 'https://x.example',
        redirect_uris: 'https://x.example/cb',
        scopes: 'sites:read',
      }),
      member.post(`/apps/${world.app.id}/rotate-secret`),
      member.post(`/apps/${world.app.id}/delete`),
      member.get(`/apps/${world.app.id}/edit`),
      member.get(`/workspaces/${world.workspace.id}/apps/new`),
      member.post(`/workspaces/${world.workspace.id}/settings`, { name: 'Renamed', plan: 'starter' }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(403);
    expect(await listApiTokens(t.runtime.ctx, { siteId: world.siteA.id })).toHaveLength(0);
    expect(await listMembers(t.runtime.ctx, world.workspace.id)).toHaveLength(2);
  });

  it('refuses a member who tries to revoke a site token or an authorized app', async () => {
    const created = await admin.post(`/sites/${world.siteA.id}/tokens`, { name: 'ci', scopes: 'sites:read' });
    expect(created.statusCode).toBe(303);
    const [token] = await listApiTokens(t.runtime.ctx, { siteId: world.siteA.id });
    expect((await member.get(`/sites/${world.siteA.id}/tokens/${token!.id}/revoke`)).statusCode).toBe(403);
    expect((await member.post(`/sites/${world.siteA.id}/tokens/${token!.id}/revoke`)).statusCode).toBe(403);
    const installed = await installApp(t.runtime.ctx, { appId: world.app.id, userId: world.admin.id, workspaceId: world.workspace.id, scopes: ['sites:read'] });
    expect((await member.post(`/authorizations/${installed.authorizationId}/revoke`)).statusCode).toBe(403);
    expect(await listApiTokens(t.runtime.ctx, { siteId: world.siteA.id })).toHaveLength(1);
  });

  it('answers 404 to someone outside the workspace, so ids reveal nothing', async () => {
    for (const url of [
      `/workspaces/${world.workspace.id}`,
      `/sites/${world.siteA.id}`,
      `/apps/${world.app.id}`,
      `/sites/${world.siteA.id}/api-access`,
      `/workspaces/${world.workspace.id}/audit`,
    ]) {
      const res = await outsider.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain(world.clientSecret);
    }
    expect((await outsider.get('/workspaces/not-an-id')).statusCode).toBe(404);
  });
});
