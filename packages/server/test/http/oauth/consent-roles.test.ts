import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/platform/apps/apps.js';
import { listAuthorizedApps } from '../../../src/platform/authorization/authorized-apps.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { createUser } from '../../../src/platform/accounts/users.js';
import { addMember, createWorkspace, type Workspace } from '../../../src/platform/workspaces/workspaces.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { REDIRECT, authorizeQuery, openConsent, postDecision, sessionCookie } from './oauth-helpers.js';

/** docs/oauth.md, "Who may install an app": a grant never exceeds what its user may do in the dashboard. */
describe.each(backends())("consent capped by the installing user's role on %s", (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let memberCookie: string;
  let ownWorkspace: Workspace;
  let ownApp: App;
  let publicApp: App;
  const powerful = { scope: 'sites:read sites:write workspace_activity:read' };
  const authorizationsIn = async (workspaceId: string) => (await listAuthorizedApps(t.runtime.ctx, { workspaceId })).length;

  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    memberCookie = await sessionCookie(t.runtime, w.member);
    // The escalation the review found: a member of A registers an app in a workspace of their own…
    ownWorkspace = await createWorkspace(t.runtime.ctx, { name: `Mine ${backend}`, ownerUserId: w.member.id });
    await createSite(t.runtime.ctx, { workspaceId: ownWorkspace.id, displayName: 'My site' });
    const fields = {
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read', 'sites:write', 'workspace_activity:read'],
    };
    ownApp = (await createApp(t.runtime.ctx, ownWorkspace.id, { ...fields, name: 'My App' })).app;
    // …or picks any public app, here one registered by a stranger's workspace.
    publicApp = (await createApp(t.runtime.ctx, w.otherWorkspace.id, { ...fields, name: 'Marketplace App', isPublic: true })).app;
  });
  afterAll(() => t.close());

  for (const [label, app] of [
    ['an app they registered in another workspace', () => ownApp],
    ['a public app', () => publicApp],
    ['an app of the workspace itself', () => w.app],
  ] as const) {
    it(`refuses a plain member who approves ${label} on a workspace they only belong to`, async () => {
      const before = await authorizationsIn(w.workspace.id);
      const consent = await openConsent(t.app, memberCookie, authorizeQuery(app(), powerful));
      for (const fields of <Array<Record<string, string | string[]>>>[
        { decision: 'approve', workspace_id: w.workspace.id, target: 'workspace' },
        { decision: 'approve', workspace_id: w.workspace.id, target: 'sites', site_id: [w.siteA.id] },
      ]) {
        const res = await postDecision(t.app, consent, fields);
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('Only workspace admins can install apps');
        expect(res.headers.location).toBeUndefined();
      }
      expect(await authorizationsIn(w.workspace.id)).toBe(before);
      // The request is still answerable: Cancel goes back to the app with access_denied.
      const cancel = await postDecision(t.app, consent, { decision: 'deny' });
      expect(cancel.statusCode).toBe(303);
      expect(new URL(String(cancel.headers.location)).searchParams.get('error')).toBe('access_denied');
    });
  }

  it('shows a member the consent page with the reason and only Cancel', async () => {
    const plain = await createUser(t.runtime.ctx, {
      email: `plain-${backend}-${Date.now()}@example.com`,
      password: PASSWORD,
      firstName: 'Pat',
      lastName: 'Plain',
    });
    await addMember(t.runtime.ctx, w.workspace.id, plain.id, 'member');
    const { page } = await openConsent(t.app, await sessionCookie(t.runtime, plain), authorizeQuery(w.app));
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Only workspace admins can install apps, and you are a member of this workspace');
    expect(page.body).not.toContain('value="approve"');
    expect(page.body).not.toContain('name="site_id"');
    expect(page.body).toContain('value="deny"');
  });

  it('opens on a workspace the user administers, and says why another one cannot be picked', async () => {
    const consent = await openConsent(t.app, memberCookie, authorizeQuery(publicApp));
    expect(consent.page.statusCode).toBe(200);
    expect(consent.page.body).toContain(`name="workspace_id" value="${ownWorkspace.id}"`);
    expect(consent.page.body).toContain('(member: cannot install)');
    const switched = await t.app.inject({
      url: `/oauth/authorize/resume?interaction=${encodeURIComponent(consent.interaction)}&workspace=${w.workspace.id}`,
      headers: { cookie: consent.cookie },
    });
    expect(switched.statusCode).toBe(403);
    expect(switched.body).toContain('Only workspace admins can install apps');
    expect(switched.body).not.toContain('value="approve"');
    const ok = await postDecision(t.app, consent, { decision: 'approve', workspace_id: ownWorkspace.id, target: 'workspace' });
    expect(ok.statusCode).toBe(303);
    expect(String(ok.headers.location)).toContain('code=');
  });

  it('lets an admin of the workspace install the same apps', async () => {
    const admin = await sessionCookie(t.runtime, w.admin);
    const consent = await openConsent(t.app, admin, authorizeQuery(publicApp, powerful));
    const res = await postDecision(t.app, consent, { decision: 'approve', workspace_id: w.workspace.id, target: 'workspace' });
    expect(res.statusCode).toBe(303);
  });

  it('keeps the parked request usable when approving fails, and says so on a page rather than a 500', async () => {
    const admin = await sessionCookie(t.runtime, w.admin);
    const consent = await openConsent(t.app, admin, authorizeQuery(w.app, { state: 'retry-me' }));
    const before = await authorizationsIn(w.workspace.id);
    // Make the code insert fail, inside the transaction that also consumes the request.
    if (backend === 'sqlite') {
      await sql`create trigger fail_codes before insert on authorization_codes begin select raise(abort, 'forced failure'); end`.execute(t.runtime.ctx.db);
    } else {
      await sql`create function fail_codes() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`.execute(t.runtime.ctx.db);
      await sql`create trigger fail_codes before insert on authorization_codes for each row execute function fail_codes()`.execute(t.runtime.ctx.db);
    }
    const fields = { decision: 'approve', workspace_id: w.workspace.id, target: 'workspace' };
    const failed = await postDecision(t.app, consent, fields);
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(failed.body).toContain('nothing was granted. Your request is still open');
    expect(failed.body).toContain('value="approve"');
    expect(await authorizationsIn(w.workspace.id)).toBe(before);

    await sql`drop trigger fail_codes${sql.raw(backend === 'postgres' ? ' on authorization_codes' : '')}`.execute(t.runtime.ctx.db);
    const retried = await postDecision(t.app, consent, fields);
    expect(retried.statusCode).toBe(303);
    const location = new URL(String(retried.headers.location));
    expect(location.searchParams.get('code')).toMatch(/^gth_code_/);
    expect(location.searchParams.get('state')).toBe('retry-me');
    expect(await authorizationsIn(w.workspace.id)).toBe(before + 1);
  });
});
