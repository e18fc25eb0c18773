import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken } from '../../../src/platform/tokens/api-tokens.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { assertScopesDeclared } from '../../../src/http/routes/api/v2/route-scopes.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe('Data API route declarations', () => {
  it('refuses to start when a /v2 route declares no scopes', async () => {
    const app = Fastify();
    app.addHook('onRoute', assertScopesDeclared);
    expect(() => app.get('/v2/undeclared', async () => 'x')).toThrow(/does not declare its scopes/);
    await app.close();
  });

  it('accepts an explicit empty list (introspect needs no scope)', async () => {
    const app = Fastify();
    app.addHook('onRoute', assertScopesDeclared);
    app.get('/v2/open', { config: { dataApi: { scopes: [] } } }, async () => 'x');
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });
});

describe.each(backends())('Data API scopes and resource boundary on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  const get = (url: string, token: string) => t.app.inject({ url, headers: bearer(token) });
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('answers a missing scope with 403 missing_scopes naming it, and an insufficient_scope challenge', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['comments:read'] });
    const res = await get('/v2/sites', token);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      code: 'missing_scopes',
      message: 'OAuthForbidden: You are missing the following scopes - sites:read',
      externalReference: null,
      details: [],
    });
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="gatehouse", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/v2", error="insufficient_scope", scope="sites:read"',
    );
  });

  it('lets a sites authorization reach only its own sites: 404 for a sibling site and for another workspace', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteA.id],
      scopes: ['sites:read', 'comments:read'],
    });
    expect((await get(`/v2/sites/${w.siteA.id}`, token)).statusCode).toBe(200);
    const sibling = await get(`/v2/sites/${w.siteB.id}`, token);
    expect(sibling.statusCode).toBe(404);
    expect(sibling.json().code).toBe('resource_not_found');
    expect((await get(`/v2/sites/${w.otherSite.id}`, token)).statusCode).toBe(404);
    expect((await get(`/v2/sites/${w.siteB.id}/custom_domains`, token)).statusCode).toBe(404);
    expect((await get(`/v2/sites/${w.siteB.id}/comments`, token)).statusCode).toBe(404);
    expect((await get('/v2/sites', token)).json().sites.map((s: { id: string }) => s.id)).toEqual([w.siteA.id]);
  });

  it('lets a workspace authorization reach every site of the workspace, including sites created later', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const later = await createSite(t.runtime.ctx, { workspaceId: w.workspace.id, displayName: 'Later' });
    expect((await get(`/v2/sites/${later.id}`, token)).statusCode).toBe(200);
    const ids = (await get('/v2/sites', token)).json().sites.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([w.siteA.id, w.siteB.id, later.id]));
    expect(ids).not.toContain(w.otherSite.id);
    expect((await get(`/v2/sites/${w.otherSite.id}`, token)).statusCode).toBe(404);
  });

  it('gives the same 404 for a site that does not exist and one outside the token', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteA.id],
      scopes: ['sites:read'],
    });
    const missing = await get('/v2/sites/0123456789abcdef01234567', token);
    const foreign = await get(`/v2/sites/${w.otherSite.id}`, token);
    expect(missing.statusCode).toBe(foreign.statusCode);
    expect(missing.body).toBe(foreign.body);
  });

  it('keeps a site token on its one site', async () => {
    const { token } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 's', scopes: ['sites:read'] });
    expect((await get(`/v2/sites/${w.siteA.id}`, token)).statusCode).toBe(200);
    expect((await get(`/v2/sites/${w.siteB.id}`, token)).statusCode).toBe(404);
    expect((await get('/v2/sites', token)).json().sites).toHaveLength(1);
  });

  it('answers site and workspace tokens on /v2/token/* with 403 forbidden', async () => {
    const { token: site } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 's', scopes: ['sites:read', 'authorized_user:read'] });
    const { token: ws } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'w', scopes: ['workspace:read'] });
    for (const token of [site, ws]) {
      for (const path of ['/v2/token/introspect', '/v2/token/authorized_by']) {
        const res = await get(path, token);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    }
  });

  it('keeps workspace tokens off site endpoints (403) while they read the workspace and its audit log', async () => {
    const { token } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'w', scopes: ['workspace:read', 'workspace_activity:read'] });
    const site = await get(`/v2/sites/${w.siteA.id}`, token);
    expect(site.statusCode).toBe(403);
    expect(site.json().code).toBe('missing_scopes');
    expect((await get(`/v2/sites/${w.siteA.id}/webhooks`, token)).statusCode).toBe(403);
    expect((await get('/v2/workspaces', token)).json().workspaces.map((x: { id: string }) => x.id)).toEqual([w.workspace.id]);
    expect((await get(`/v2/workspaces/${w.workspace.id}/audit_logs`, token)).statusCode).toBe(200);
    expect((await get(`/v2/workspaces/${w.otherWorkspace.id}/audit_logs`, token)).statusCode).toBe(404);
  });

  it('refuses custom_code scopes on site tokens at creation', async () => {
    await expect(createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'cc', scopes: ['custom_code:read'] })).rejects.toThrow(/cannot carry/);
  });

  it('allows at most 5 site tokens per site', async () => {
    const site = await createSite(t.runtime.ctx, { workspaceId: w.workspace.id, displayName: 'Five' });
    for (let i = 0; i < 5; i++) await createSiteToken(t.runtime.ctx, site.id, { name: `t${i}`, scopes: ['sites:read'] });
    await expect(createSiteToken(t.runtime.ctx, site.id, { name: 't6', scopes: ['sites:read'] })).rejects.toThrow(/at most 5/);
  });
});
