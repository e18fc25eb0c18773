import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/crypto/tokens.js';
import {
  INACTIVITY_EXPIRY_MS,
  createSiteToken,
  createWorkspaceToken,
  getApiToken,
  listApiTokens,
  revokeAccessToken,
} from '../../src/platform/tokens/api-tokens.js';
import { createSite } from '../../src/platform/sites/sites.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { backends } from '../support/runtime.js';
import { race, useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');

describe.each(backends())('site and workspace tokens on %s', (backend) => {
  const { ctx, clock } = useContractRuntime(backend);
  let ws: Workspace;
  beforeAll(async () => {
    const owner = await createUser(ctx(), { email: `t-${tag()}@example.com`, firstName: 'T', lastName: '', password: 'correct horse battery' });
    ws = await createWorkspace(ctx(), { name: `Tokens ${tag()}`, ownerUserId: owner.id });
  });
  const newSite = () => createSite(ctx(), { workspaceId: ws.id, displayName: `Site ${tag()}` });
  const newWorkspace = async () => {
    const owner = await createUser(ctx(), { email: `w-${tag()}@example.com`, firstName: 'W', lastName: '', password: 'correct horse battery' });
    return createWorkspace(ctx(), { name: `WS ${tag()}`, ownerUserId: owner.id });
  };

  it('prints the token once and stores only its digest', async () => {
    const site = await newSite();
    const { token, record } = await createSiteToken(ctx(), site.id, { name: 'Deploy', scopes: ['sites:read', 'cms:write'] });
    expect(token).toMatch(/^gth_site_[A-Za-z0-9_-]{43}$/);
    const row = await ctx().db.selectFrom('access_tokens').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(row.digest).toBe(digest(token));
    expect(JSON.stringify(row)).not.toContain(token.slice('gth_site_'.length));
    expect(record).toMatchObject({ kind: 'site', siteId: site.id, workspaceId: ws.id, lastUsed: null });
    expect([...record.scopes].sort()).toEqual(['cms:write', 'sites:read']);
  });

  it('lets exactly 5 of 10 concurrent site-token creations succeed', async () => {
    const site = await newSite();
    const { ok, failed } = await race(10, (i) => createSiteToken(ctx(), site.id, { name: `t${i}`, scopes: ['sites:read'] }));
    expect(ok).toHaveLength(5);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(Array(5).fill('limit_reached'));
    expect(await listApiTokens(ctx(), { siteId: site.id })).toHaveLength(5);
  });

  it('lets exactly 5 of 10 concurrent workspace-token creations succeed', async () => {
    const other = await newWorkspace();
    const { ok, failed } = await race(10, (i) => createWorkspaceToken(ctx(), other.id, { name: `w${i}`, scopes: ['workspace:read'] }));
    expect(ok).toHaveLength(5);
    expect(failed.map((e) => (e as { code?: string }).code)).toEqual(Array(5).fill('limit_reached'));
  });

  it('frees a slot when a token is revoked, and revoking twice reports false', async () => {
    const site = await newSite();
    const made = await Promise.all([1, 2, 3, 4, 5].map((i) => createSiteToken(ctx(), site.id, { name: `r${i}`, scopes: ['sites:read'] })));
    await expect(createSiteToken(ctx(), site.id, { name: 'sixth', scopes: ['sites:read'] })).rejects.toMatchObject({ code: 'limit_reached' });
    const events: unknown[] = [];
    ctx().events.on('revoked', (e) => events.push(e));
    expect(await revokeAccessToken(ctx(), made[0]!.record.id)).toBe(true);
    expect(await revokeAccessToken(ctx(), made[0]!.record.id)).toBe(false);
    expect(events).toEqual([{ tokenIds: [made[0]!.record.id] }]);
    await createSiteToken(ctx(), site.id, { name: 'sixth', scopes: ['sites:read'] });
    await expect(revokeAccessToken(ctx(), 'b'.repeat(24))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('does not count tokens unused for 365 days against the limit', async () => {
    const site = await newSite();
    for (let i = 0; i < 5; i++) await createSiteToken(ctx(), site.id, { name: `old${i}`, scopes: ['sites:read'] });
    clock.advance(INACTIVITY_EXPIRY_MS + 1000);
    await createSiteToken(ctx(), site.id, { name: 'fresh', scopes: ['sites:read'] });
  });

  it('refuses custom_code scopes on site tokens and site scopes on workspace tokens', async () => {
    const site = await newSite();
    await expect(createSiteToken(ctx(), site.id, { name: 'x', scopes: ['custom_code:read'] })).rejects.toMatchObject({ code: 'validation' });
    await expect(createWorkspaceToken(ctx(), ws.id, { name: 'x', scopes: ['sites:read'] })).rejects.toMatchObject({ code: 'validation' });
    await expect(createSiteToken(ctx(), site.id, { name: ' ', scopes: ['sites:read'] })).rejects.toMatchObject({ code: 'validation' });
    await expect(createSiteToken(ctx(), site.id, { name: 'x', scopes: [] })).rejects.toMatchObject({ code: 'validation' });
  });

  it('lists only live tokens of the asked owner, and getApiToken hides OAuth tokens', async () => {
    const site = await newSite();
    const { record } = await createSiteToken(ctx(), site.id, { name: 'listed', scopes: ['sites:read'] });
    expect((await listApiTokens(ctx(), { siteId: site.id })).map((t) => t.id)).toEqual([record.id]);
    expect((await listApiTokens(ctx(), { workspaceId: ws.id })).map((t) => t.id)).not.toContain(record.id);
    expect((await getApiToken(ctx(), record.id)).name).toBe('listed');
    await revokeAccessToken(ctx(), record.id);
    expect(await listApiTokens(ctx(), { siteId: site.id })).toEqual([]);
  });

  it("reads a token's last use from its own row, and drops that row when the token is deleted", async () => {
    const site = await newSite();
    const { record } = await createSiteToken(ctx(), site.id, { name: 'used', scopes: ['sites:read'] });
    const kept = await createSiteToken(ctx(), (await newSite()).id, { name: 'kept', scopes: ['sites:read'] });
    const at = '2026-01-01T00:00:00.000Z';
    await ctx()
      .db.insertInto('token_last_used')
      .values([
        { token_id: record.id, last_used_at: at },
        { token_id: kept.record.id, last_used_at: at },
      ])
      .execute();
    expect((await getApiToken(ctx(), record.id)).lastUsed).toBe(at);
    expect((await listApiTokens(ctx(), { siteId: site.id })).map((t) => t.lastUsed)).toEqual([at]);
    await ctx().db.deleteFrom('sites').where('id', '=', site.id).execute();
    const left = await ctx().db.selectFrom('token_last_used').select('token_id').where('token_id', 'in', [record.id, kept.record.id]).execute();
    expect(left.map((r) => r.token_id)).toEqual([kept.record.id]);
  });
});
