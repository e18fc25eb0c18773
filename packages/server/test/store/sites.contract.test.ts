import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCustomDomain, createSite, getSite, listSites, removeCustomDomain, updateSite } from '../../src/platform/sites/sites.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { backends } from '../support/runtime.js';
import { race, useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');

describe.each(backends())('sites and custom domains on %s', (backend) => {
  const { ctx, clock } = useContractRuntime(backend);
  let ws: Workspace;
  let otherWs: Workspace;
  beforeAll(async () => {
    const owner = await createUser(ctx(), { email: `s-${tag()}@example.com`, firstName: 'S', lastName: '', password: 'correct horse battery' });
    ws = await createWorkspace(ctx(), { name: `Sites ${tag()}`, ownerUserId: owner.id });
    otherWs = await createWorkspace(ctx(), { name: `Other ${tag()}`, ownerUserId: owner.id });
  });

  it('creates a site with Webflow-shaped fields and reads it back', async () => {
    const site = await createSite(ctx(), { workspaceId: ws.id, displayName: 'Café Site', timeZone: 'Europe/Paris' });
    expect(site.id).toMatch(/^[0-9a-f]{24}$/);
    expect(site.shortName).toMatch(/^cafe-site-[0-9a-f]{6}$/);
    expect(await getSite(ctx(), site.id)).toEqual(site);
    expect(site.createdOn).toBe(clock.current.toISOString());
  });

  it('refuses a taken short name, also under five concurrent creations', async () => {
    const shortName = `short-${tag()}`;
    const { ok, failed } = await race(5, () => createSite(ctx(), { workspaceId: ws.id, displayName: 'Twin', shortName }));
    expect(ok).toHaveLength(1);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
  });

  it('rejects an unknown time zone', async () => {
    await expect(createSite(ctx(), { workspaceId: ws.id, displayName: 'TZ', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('updates the name and lastUpdated', async () => {
    const site = await createSite(ctx(), { workspaceId: ws.id, displayName: 'Before' });
    clock.advance(60_000);
    const updated = await updateSite(ctx(), site.id, { displayName: 'After' });
    expect(updated.displayName).toBe('After');
    expect(updated.lastUpdated > site.lastUpdated).toBe(true);
  });

  it('lists sites by workspace or by id, never across workspaces', async () => {
    const mine = await createSite(ctx(), { workspaceId: otherWs.id, displayName: 'Mine' });
    const listed = await listSites(ctx(), { workspaceIds: [otherWs.id] });
    expect(listed.map((s) => s.id)).toEqual([mine.id]);
    expect((await listSites(ctx(), { siteIds: [mine.id] })).map((s) => s.id)).toEqual([mine.id]);
    expect(await listSites(ctx(), { workspaceIds: [] })).toEqual([]);
  });

  it('adds a custom domain lower-cased, once per site, and removes it', async () => {
    const site = await createSite(ctx(), { workspaceId: ws.id, displayName: 'Domains' });
    const domain = await addCustomDomain(ctx(), site.id, ' WWW.Example.COM ');
    expect(domain.url).toBe('www.example.com');
    await expect(addCustomDomain(ctx(), site.id, 'www.example.com')).rejects.toMatchObject({ code: 'conflict' });
    expect((await getSite(ctx(), site.id)).customDomains).toEqual([domain]);
    await removeCustomDomain(ctx(), site.id, domain.id);
    await expect(removeCustomDomain(ctx(), site.id, domain.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each(['not a domain', 'http://www.example.com', 'localhost', 'exa mple.com'])('rejects the domain %j', async (url) => {
    const site = await createSite(ctx(), { workspaceId: ws.id, displayName: 'Bad domains' });
    await expect(addCustomDomain(ctx(), site.id, url)).rejects.toMatchObject({ code: 'validation' });
  });

  it('reports an unknown site as not found', async () => {
    await expect(getSite(ctx(), 'a'.repeat(24))).rejects.toMatchObject({ code: 'not_found' });
    await expect(addCustomDomain(ctx(), 'a'.repeat(24), 'www.example.org')).rejects.toMatchObject({ code: 'not_found' });
  });
});
