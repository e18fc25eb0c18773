import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import type { RevokedNotice } from '../../../src/platform/caches/events.js';
import { createUser, type User } from '../../../src/platform/accounts/users.js';
import { addMember, changeMembership, getRole } from '../../../src/platform/workspaces/workspaces.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { bearer } from '../../support/oauth-token.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { obtainCode, sessionCookie, tokenRequest } from '../oauth/oauth-helpers.js';
import { DashboardAgent } from './dashboard-agent.js';

/** docs/dashboard.md, "When someone leaves or is demoted": access never outlives the membership or role it came from. */
describe.each(backends())('grants end with membership on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let admin: DashboardAgent;
  let n = 0;
  const creds = () => ({ client_id: w.app.clientId, client_secret: w.clientSecret });
  const getSite = (token: string) => t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) });

  beforeAll(async () => {
    t = await createTestApp(backend, { REFRESH_TOKENS: 'true' });
    w = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
  });
  afterAll(() => t.close());

  /** A second admin who installs the app through consent (one exchanged code, one left unexchanged) and makes a site token. */
  async function adminWithGrants(): Promise<{ user: User; access: string; refresh: string; spareCode: string; siteToken: string; webhookId: string }> {
    const user = await createUser(t.runtime.ctx, {
      email: `second-${++n}-${backend}@example.com`,
      password: PASSWORD,
      firstName: 'Sam',
      lastName: `Second${n}`,
    });
    await addMember(t.runtime.ctx, w.workspace.id, user.id, 'admin', null);
    const cookie = await sessionCookie(t.runtime, user);
    const { code } = await obtainCode(t.app, cookie, { app: w.app, workspaceId: w.workspace.id, query: { scope: 'sites:read sites:write' } });
    const issued = (await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).json();
    const spare = await obtainCode(t.app, cookie, { app: w.app, workspaceId: w.workspace.id, siteIds: [w.siteB.id] });
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteA.id, {
      name: `ci ${n}`,
      scopes: ['sites:read'],
      actor: { id: user.id, email: user.email },
    });
    const hook = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/webhooks`,
      headers: bearer(issued.access_token),
      payload: { triggerType: 'site_publish', url: 'http://127.0.0.1:9/x' },
    });
    expect(hook.statusCode).toBe(201);
    // Warm the token cache, so the test proves the notice drops the entries, not a cold lookup.
    expect((await getSite(issued.access_token)).statusCode).toBe(200);
    expect((await getSite(siteToken)).statusCode).toBe(200);
    return { user, access: issued.access_token, refresh: issued.refresh_token, spareCode: spare.code, siteToken, webhookId: hook.json().id };
  }

  async function expectAllEnded(g: Awaited<ReturnType<typeof adminWithGrants>>) {
    const refused = await getSite(g.access);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('not_authorized');
    expect((await getSite(g.siteToken)).statusCode).toBe(401);
    const refreshed = await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token: g.refresh });
    expect(refreshed.json().error).toBe('invalid_grant');
    const exchanged = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code: g.spareCode });
    expect(exchanged.json().error).toBe('invalid_grant');
    expect(await t.runtime.ctx.db.selectFrom('webhooks').select('id').where('id', '=', g.webhookId).executeTakeFirst()).toBeUndefined();
  }

  it('asks for confirmation, saying how many app authorizations and tokens will end, and works without JavaScript', async () => {
    const g = await adminWithGrants();
    const members = await admin.get(`/workspaces/${w.workspace.id}/members`);
    expect(members.body).toContain(`href="/workspaces/${w.workspace.id}/members/${g.user.id}/remove"`);
    const confirm = await admin.get(`/workspaces/${w.workspace.id}/members/${g.user.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('2 app authorizations</strong>');
    expect(confirm.body).toContain('1 API token</strong>');
    expect(confirm.body).toContain('<form method="post"');
    expect(confirm.body).not.toContain('<script');
    // A removal posted without the confirmation answers the same page and changes nothing.
    const unconfirmed = await admin.post(`/workspaces/${w.workspace.id}/members/${g.user.id}`, { action: 'remove' });
    expect(unconfirmed.statusCode).toBe(200);
    expect(unconfirmed.body).toContain('2 app authorizations</strong>');
    expect(await getRole(t.runtime.ctx, w.workspace.id, g.user.id)).toBe('admin');
    expect((await getSite(g.access)).statusCode).toBe(200);
    await changeMembership(t.runtime.ctx, w.workspace.id, g.user.id, null);
  });

  it('removing a member ends, at once and in one transaction, every grant they gave there: tokens, refresh tokens, codes, webhooks', async () => {
    const g = await adminWithGrants();
    const notices: RevokedNotice[] = [];
    t.runtime.ctx.events.on('revoked', (notice) => notices.push(notice));
    const res = await admin.post(`/workspaces/${w.workspace.id}/members/${g.user.id}`, { action: 'remove', confirmed: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, w.workspace.id, g.user.id)).toBeUndefined();
    await expectAllEnded(g);
    expect(notices.at(-1)?.authorizationIds).toHaveLength(2);
    const audit = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('workspace_id', '=', w.workspace.id)
      .where('event_sub_type', 'in', ['member_removed', 'authorization_revoked'])
      .execute();
    const removal = audit.find((e) => e.event_sub_type === 'member_removed' && JSON.parse(e.payload).userId === g.user.id);
    expect(JSON.parse(removal!.payload)).toMatchObject({ authorizationsRevoked: 2, apiTokensRevoked: 1 });
    const ended = audit.filter(
      (e) => e.event_sub_type === 'authorization_revoked' && notices.at(-1)!.authorizationIds!.includes(JSON.parse(e.payload).authorizationId),
    );
    expect(ended.map((e) => JSON.parse(e.payload).reason)).toEqual(['member_removed', 'member_removed']);
  });

  it('demoting an admin ends their grants the same way, after the same confirmation', async () => {
    const g = await adminWithGrants();
    const confirm = await admin.post(`/workspaces/${w.workspace.id}/members/${g.user.id}`, { action: 'role', role: 'member' });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Make member');
    expect(await getRole(t.runtime.ctx, w.workspace.id, g.user.id)).toBe('admin');
    const res = await admin.post(`/workspaces/${w.workspace.id}/members/${g.user.id}`, { action: 'role', role: 'member', confirmed: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, w.workspace.id, g.user.id)).toBe('member');
    await expectAllEnded(g);
  });

  it("leaves grants alone when a role is kept or raised, and leaves other people's grants alone", async () => {
    const kept = await adminWithGrants();
    const other = await adminWithGrants();
    expect(await changeMembership(t.runtime.ctx, w.workspace.id, kept.user.id, 'admin')).toEqual({ authorizationsRevoked: 0, apiTokensRevoked: 0 });
    expect(await changeMembership(t.runtime.ctx, w.workspace.id, other.user.id, null)).toEqual({ authorizationsRevoked: 2, apiTokensRevoked: 1 });
    expect((await getSite(kept.access)).statusCode).toBe(200);
    expect((await getSite(kept.siteToken)).statusCode).toBe(200);
    await expectAllEnded(other);
  });
});
