import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PREFIX, digest } from '../../../src/crypto/tokens.js';
import {
  INACTIVITY_EXPIRY_MS,
  createSiteToken,
  createWorkspaceToken,
  getApiToken,
  listApiTokens,
  revokeAccessToken,
} from '../../../src/platform/tokens/api-tokens.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer } from '../../support/oauth-token.js';
import { basic, testClock, tokenRequest } from '../oauth/oauth-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

// docs/dashboard.md, "Token expiry" and "Token hints": a site or workspace token may be given a fixed end,
// which the one token resolver's liveness rule enforces on every surface, and lists show a hint of each token.
describe('site and workspace tokens: chosen expiry and display hints', () => {
  const clock = testClock(Date.parse('2026-03-01T12:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  const ctx = () => t.runtime.ctx;
  const getSite = async (token: string) => (await t.app.inject({ url: `/v2/sites/${world.siteA.id}`, headers: bearer(token) })).statusCode;
  const introspect = async (token: string) =>
    (
      await tokenRequest(t.app, { token }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(world.app.clientId, world.clientSecret) } })
    ).json().active as boolean;

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { now: clock.now });
    world = await createWorld(ctx());
  });
  afterAll(() => t.close());

  it("keeps Webflow's 365-days-unused rule by default, and says so", async () => {
    const { token, record } = await createSiteToken(ctx(), world.siteA.id, { name: 'Default', scopes: ['sites:read'] });
    expect(record).toMatchObject({ expiry: 'inactivity', expired: false, expiresOn: new Date(clock.now().getTime() + INACTIVITY_EXPIRY_MS).toISOString() });
    expect(await getSite(token)).toBe(200);
    await revokeAccessToken(ctx(), record.id);
  });

  it('refuses a site token from its fixed end on the Data API and in introspection, also when the token is cached', async () => {
    const { token, record } = await createSiteToken(ctx(), world.siteA.id, { name: 'A week', scopes: ['sites:read'], expiresInDays: 7 });
    expect(record).toMatchObject({ expiry: 'fixed', expired: false, expiresOn: new Date(clock.now().getTime() + 7 * DAY).toISOString() });
    clock.advance(7 * DAY - 1);
    expect(await getSite(token)).toBe(200);
    expect(await introspect(token)).toBe(true);
    clock.advance(1);
    expect(await getSite(token)).toBe(401);
    expect(await introspect(token)).toBe(false);
    expect((await getApiToken(ctx(), record.id)).expired).toBe(true);
    await revokeAccessToken(ctx(), record.id);
  });

  it('takes a date: the token works through that day (UTC), then every surface refuses it', async () => {
    const { token, record } = await createWorkspaceToken(ctx(), world.workspace.id, { name: 'Quarter', scopes: ['workspace:read'], expiresOn: '2026-03-31' });
    expect(record.expiresOn).toBe('2026-04-01T00:00:00.000Z');
    const listWorkspaces = async () => (await t.app.inject({ url: '/v2/workspaces', headers: bearer(token) })).statusCode;
    expect(await listWorkspaces()).toBe(200);
    const untilEnd = Date.parse('2026-04-01T00:00:00Z') - clock.now().getTime();
    clock.advance(untilEnd);
    expect(await listWorkspaces()).toBe(401);
    expect(await introspect(token)).toBe(false);
    const listed = (await listApiTokens(ctx(), { workspaceId: world.workspace.id })).find((x) => x.id === record.id);
    expect(listed).toMatchObject({ expiry: 'fixed', expired: true });
    await revokeAccessToken(ctx(), record.id);
  });

  it('refuses expiries out of bounds, with every problem of the form at once', async () => {
    const attempt = (input: Record<string, unknown>) =>
      createSiteToken(ctx(), world.siteA.id, { name: 'x', scopes: ['sites:read'], ...input }).then(
        () => 'created',
        (err: { code: string; details: Array<{ field: string }> }) => `${err.code}:${err.details.map((d) => d.field).join(',')}`,
      );
    expect(await attempt({ expiresInDays: 0 })).toBe('validation:expiry');
    expect(await attempt({ expiresInDays: 366 })).toBe('validation:expiry');
    expect(await attempt({ expiresInDays: 1.5 })).toBe('validation:expiry');
    expect(await attempt({ expiresOn: '2020-01-01' })).toBe('validation:expiry');
    expect(await attempt({ expiresOn: '2099-01-01' })).toBe('validation:expiry');
    expect(await attempt({ expiresOn: 'next week' })).toBe('validation:expiry');
    expect(await attempt({ expiresInDays: 30, expiresOn: '2026-12-01' })).toBe('validation:expiry');
    expect(await attempt({ name: '', scopes: [], expiresInDays: 0 })).toBe('validation:name,scopes,expiry');
  });

  it('does not count tokens past their fixed end toward the limit of five', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createSiteToken(ctx(), world.siteB.id, { name: `short ${i}`, scopes: ['sites:read'], expiresInDays: 1 }));
    await expect(createSiteToken(ctx(), world.siteB.id, { name: 'sixth', scopes: ['sites:read'] })).rejects.toMatchObject({ code: 'limit_reached' });
    clock.advance(DAY);
    const sixth = await createSiteToken(ctx(), world.siteB.id, { name: 'sixth', scopes: ['sites:read'] });
    for (const m of [...made, sixth]) await revokeAccessToken(ctx(), m.record.id);
  });

  it('stores a display hint (type prefix and last four characters) and never the token itself', async () => {
    const site = await createSiteToken(ctx(), world.siteA.id, { name: 'Hinted', scopes: ['sites:read'] });
    const ws = await createWorkspaceToken(ctx(), world.workspace.id, { name: 'Hinted', scopes: ['workspace:read'] });
    expect(site.record.displayHint).toBe(`${TOKEN_PREFIX.siteToken}…${site.token.slice(-4)}`);
    expect(ws.record.displayHint).toBe(`${TOKEN_PREFIX.workspaceToken}…${ws.token.slice(-4)}`);
    const row = await ctx().db.selectFrom('access_tokens').selectAll().where('id', '=', site.record.id).executeTakeFirstOrThrow();
    expect(row.digest).toBe(digest(site.token));
    expect(row.display_hint).toBe(site.record.displayHint);
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(site.token.slice(TOKEN_PREFIX.siteToken.length, -4)))).toBe(false);
    expect((await listApiTokens(ctx(), { siteId: world.siteA.id })).find((x) => x.id === site.record.id)?.displayHint).toBe(site.record.displayHint);

    // A token made before hints were kept has none, and says so as null.
    await ctx().db.updateTable('access_tokens').set({ display_hint: null }).where('id', '=', ws.record.id).execute();
    expect((await getApiToken(ctx(), ws.record.id)).displayHint).toBeNull();
    for (const m of [site, ws]) await revokeAccessToken(ctx(), m.record.id);
  });
});
