import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_CACHE_TTL_MS } from '../../../src/platform/sites/site-cache.js';
import { addCustomDomain, removeCustomDomain, updateSite } from '../../../src/platform/sites/sites.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe.each(backends())('Data API site reads on %s', (backend) => {
  let clock = Date.now();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  const getSite = async () => (await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) })).json();
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'sites:write'],
    }));
  });
  afterAll(() => t.close());

  it('shows a rename, a new or removed domain and a publish on the next read, with no wait', async () => {
    expect((await getSite()).displayName).toBe('Site A');
    await updateSite(t.runtime.ctx, w.siteA.id, { displayName: 'Renamed' });
    expect((await getSite()).displayName).toBe('Renamed');
    const domain = await addCustomDomain(t.runtime.ctx, w.siteA.id, 'fresh.example.com');
    expect((await getSite()).customDomains.map((d: { url: string }) => d.url)).toEqual(['fresh.example.com']);
    const published = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: { customDomains: [domain.id] },
    });
    expect(published.statusCode).toBe(202);
    expect((await getSite()).lastPublished).toBe(new Date(clock).toISOString());
    await removeCustomDomain(t.runtime.ctx, w.siteA.id, domain.id);
    expect((await getSite()).customDomains).toEqual([]);
  });

  it('sees a change written behind its back (another node) once the cache TTL has passed', async () => {
    await getSite();
    await t.runtime.ctx.db.updateTable('sites').set({ display_name: 'Changed elsewhere' }).where('id', '=', w.siteA.id).execute();
    expect((await getSite()).displayName).not.toBe('Changed elsewhere');
    clock += SITE_CACHE_TTL_MS;
    expect((await getSite()).displayName).toBe('Changed elsewhere');
  });
});
