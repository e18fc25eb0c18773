import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { basic, obtainCode, openConsent, authorizeQuery, sessionCookie, tokenRequest } from '../oauth/oauth-helpers.js';
import { adminKeys, adminRequest } from './admin-client.js';

/**
 * docs/admin-api.md, "Sites": a product creates, renames and deletes its resources through the admin API,
 * and the consent picker, the tokens and introspection follow on the next request, caches included.
 */
describe.each(backends())('sites provisioned by the product, on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let key: string;
  let call: ReturnType<typeof adminRequest>;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    key = (await adminKeys(t.runtime.ctx)).write;
    call = adminRequest(t.app);
    cookie = await sessionCookie(t.runtime, w.admin);
  });
  afterAll(() => t.close());

  const picker = async () => (await openConsent(t.app, cookie, authorizeQuery(w.app))).page.body;
  const introspect = async (token: string) =>
    (await tokenRequest(t.app, { token }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(w.app.clientId, w.clientSecret) } })).json();
  const readSite = (token: string, id: string) => t.app.inject({ url: `/v2/sites/${id}`, headers: { authorization: `Bearer ${token}` } });

  it('offers a new site on the consent page, shows a rename everywhere, and ends every grant of a deleted one', async () => {
    const created = await call(key, 'POST', `/workspaces/${w.workspace.id}/sites`, {
      displayName: 'Project Alpha',
      shortName: `alpha-${w.workspace.slug.slice(-8)}`,
    });
    expect(created.statusCode).toBe(201);
    const site = created.json().site as { id: string; shortName: string };
    expect(await picker()).toContain('Project Alpha');

    // An OAuth token that picked only this site, through the real consent flow, and a site token.
    const { code } = await obtainCode(t.app, cookie, { app: w.app, workspaceId: w.workspace.id, siteIds: [site.id] });
    const oauthToken = (await tokenRequest(t.app, { client_id: w.app.clientId, client_secret: w.clientSecret, grant_type: 'authorization_code', code })).json()
      .access_token as string;
    const siteToken = (await call(key, 'POST', `/sites/${site.id}/tokens`, { name: 'ci', scopes: ['sites:read'] })).json().accessToken as string;

    // Warm every cache on the way.
    expect((await readSite(oauthToken, site.id)).json().displayName).toBe('Project Alpha');
    expect((await readSite(siteToken, site.id)).json().displayName).toBe('Project Alpha');
    expect((await introspect(oauthToken)).active).toBe(true);
    expect((await introspect(siteToken)).active).toBe(true);

    const renamed = await call(key, 'PATCH', `/sites/${site.shortName}`, { displayName: 'Project Alpha Prime' });
    expect(renamed.json().site.displayName).toBe('Project Alpha Prime');
    expect((await readSite(oauthToken, site.id)).json().displayName).toBe('Project Alpha Prime');
    expect((await readSite(siteToken, site.id)).json().displayName).toBe('Project Alpha Prime');
    expect(await picker()).toContain('Project Alpha Prime');

    const deleted = await call(key, 'DELETE', `/sites/${site.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deleted.revokedAuthorizationIds).toHaveLength(1);
    expect((await readSite(oauthToken, site.id)).statusCode).toBe(401);
    expect((await readSite(siteToken, site.id)).statusCode).toBe(401);
    expect(await introspect(oauthToken)).toEqual({ active: false });
    expect(await introspect(siteToken)).toEqual({ active: false });
    expect(await picker()).not.toContain('Project Alpha');
    expect((await call(key, 'GET', `/sites/${site.id}`)).statusCode).toBe(404);
  });

  it('refuses a rename that breaks a rule, and a deletion of a site that is gone, in the problem format', async () => {
    const bad = await call(key, 'PATCH', `/sites/${w.siteA.id}`, { displayName: '', timeZone: 5 });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['displayName', 'timeZone']);
    const zone = await call(key, 'PATCH', `/sites/${w.siteA.id}`, { timeZone: 'Mars/Olympus' });
    expect(zone.json()).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'timeZone' }] });
    expect((await call(key, 'DELETE', '/sites/0123456789abcdef01234567')).json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});
