import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp, listApps } from '../../../src/platform/apps/apps.js';
import { authenticateClient } from '../../support/credential-checks.js';
import { installApp } from '../../support/authorized-app.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

const FORM = {
  name: 'Shipping Sync',
  description: 'Keeps <b>orders</b> in step',
  homepage: 'https://ship.example.com',
  redirect_uris: 'https://ship.example.com/callback\r\nhttp://localhost:3000/callback',
  scopes: ['sites:read', 'ecommerce:write'],
  restrict_to_single_site: 'on',
  is_public: 'on',
  client_type: 'public',
};

describe.each(backends())('app registration in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
  });
  afterAll(() => t.close());

  it('registers an app with every field and shows its credentials to the admin', async () => {
    const form = await admin.get(`/workspaces/${world.workspace.id}/apps/new`);
    for (const field of [
      'name="name"',
      'name="description"',
      'name="homepage"',
      'name="redirect_uris"',
      'name="restrict_to_single_site"',
      'name="is_public"',
      'name="client_type"',
      'value="cms:write"',
    ])
      expect(form.body).toContain(field);
    const res = await admin.post(`/workspaces/${world.workspace.id}/apps`, FORM);
    expect(res.statusCode).toBe(303);
    const id = /\/apps\/([0-9a-f]{24})/.exec(res.headers.location as string)![1]!;
    const app = await getApp(t.runtime.ctx, id);
    expect(app).toMatchObject({
      name: 'Shipping Sync',
      homepage: 'https://ship.example.com',
      clientType: 'public',
      restrictToSingleSite: true,
      isPublic: true,
      scopes: ['ecommerce:write', 'sites:read'],
    });
    expect(app.redirectUris).toEqual(['https://ship.example.com/callback', 'http://localhost:3000/callback']);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('App registered');
    expect(page.body).toContain('Keeps &lt;b&gt;orders&lt;/b&gt; in step');
    expect(page.body).toContain(app.clientId);
    expect(page.body).toMatch(/id="client-secret"[^>]+value="gth_cs_/);
  });

  it('shows inline messages for an http homepage, a bad redirect URI and missing scopes, keeping what was typed', async () => {
    const url = `/workspaces/${world.workspace.id}/apps`;
    const homepage = await admin.post(url, { ...FORM, homepage: 'http://ship.example.com' });
    expect(homepage.statusCode).toBe(400);
    expect(homepage.body).toContain('Homepage must use https');
    expect(homepage.body).toContain('aria-invalid="true" aria-describedby="app-homepage-error"');
    expect(homepage.body).toContain('value="Shipping Sync"');
    const redirect = await admin.post(url, { ...FORM, redirect_uris: 'http://ship.example.com/cb' });
    expect(redirect.body).toContain('must use https (http is allowed only on localhost');
    const fragment = await admin.post(url, { ...FORM, redirect_uris: 'https://ship.example.com/cb#x' });
    expect(fragment.body).toContain('must not have a fragment');
    const noScopes = await admin.post(url, { ...FORM, scopes: [] });
    expect(noScopes.body).toContain('Choose at least one scope');
    const unknown = await admin.post(url, { ...FORM, scopes: ['sites:read', 'root:all'] });
    expect(unknown.body).toContain('Unknown scopes: root:all');
    const noRedirect = await admin.post(url, { ...FORM, redirect_uris: '  \r\n ' });
    expect(noRedirect.body).toContain('Add at least one redirect URI');
    expect((await listApps(t.runtime.ctx, world.workspace.id)).filter((a) => a.name === 'Shipping Sync')).toHaveLength(1);
  });

  it('edits an app', async () => {
    const res = await admin.post(`/apps/${world.app.id}`, {
      ...FORM,
      name: 'Renamed App',
      is_public: [],
      restrict_to_single_site: [],
      client_type: 'confidential',
    } as never);
    expect(res.statusCode).toBe(303);
    const app = await getApp(t.runtime.ctx, world.app.id);
    expect(app).toMatchObject({ name: 'Renamed App', isPublic: false, restrictToSingleSite: false, clientType: 'confidential' });
  });

  it('rotates the client secret after confirmation; the old one stops working', async () => {
    const before = world.clientSecret;
    expect((await admin.get(`/apps/${world.app.id}/rotate-secret`)).body).toContain('Rotate the client secret?');
    const res = await admin.post(`/apps/${world.app.id}/rotate-secret`);
    expect(res.statusCode).toBe(303);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('The old one no longer works');
    const after = /id="client-secret"[^>]+value="(gth_cs_[^"]+)"/.exec(page.body)![1]!;
    expect(after).not.toBe(before);
    expect(await authenticateClient(t.runtime.ctx, world.app.clientId, before)).toBeUndefined();
    expect((await authenticateClient(t.runtime.ctx, world.app.clientId, after))?.id).toBe(world.app.id);
  });

  it('deletes an app after confirmation, and the tokens of its authorizations are refused', async () => {
    const installed = await installApp(t.runtime.ctx, { appId: world.app.id, userId: world.admin.id, workspaceId: world.workspace.id, scopes: ['sites:read'] });
    const api = () => t.app.inject({ url: '/v2/sites', headers: { authorization: `Bearer ${installed.accessToken}` } });
    expect((await api()).statusCode).toBe(200);
    expect((await admin.get(`/apps/${world.app.id}/delete`)).body).toContain('Delete this app?');
    const res = await admin.post(`/apps/${world.app.id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/workspaces/${world.workspace.id}/apps?done=app-deleted`);
    expect((await api()).statusCode).toBe(401);
    expect((await admin.get(`/apps/${world.app.id}`)).statusCode).toBe(404);
  });
});
