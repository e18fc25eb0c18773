import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toWebflowAuditItem } from '../../../src/platform/data-api/webflow-audit-log.js';
import { findUserByEmail } from '../../../src/platform/accounts/users.js';
import { getRole, listMembers } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, PASSWORD, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { SmtpSink, pathOf, type ReceivedMail } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

describe.each(backends())('workspace invitations by email on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  let world: World;
  let admin: DashboardAgent;
  let clock = new Date('2026-05-01T09:00:00.000Z');
  let n = 0;
  const invite = (email: string, role = 'member') => admin.post(`/workspaces/${world.workspace.id}/members`, { email, role });
  const invitationTo = (email: string): ReceivedMail => {
    const mails = sink.to(email).filter((m) => m.subject.startsWith('You are invited'));
    return mails[mails.length - 1]!;
  };
  const linkIn = (mail: ReceivedMail) => pathOf(mail.links.find((l) => l.includes('/invitations/'))!);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp(backend, { SMTP_URL: sink.url, MAIL_FROM: 'Gatehouse <gatehouse@example.com>' }, { now: () => clock });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(async () => {
    sink.refuse = false;
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
    await admin.get(`/workspaces/${world.workspace.id}/members`);
    n++;
  });

  it('answers alike whether or not the address has an account, and emails both through SMTP', async () => {
    const stranger = `stranger-${n}-${backend}@example.com`;
    const unknown = await invite(stranger);
    const known = await invite(world.outsider.email.toUpperCase(), 'admin');
    expect(unknown.statusCode).toBe(303);
    expect(known.statusCode).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    expect(unknown.headers.location).toContain('done=invitation-sent');
    for (const to of [stranger, world.outsider.email]) {
      const mail = invitationTo(to);
      expect(mail.text).toContain(world.workspace.name);
      expect(linkIn(mail)).toMatch(/^\/invitations\/gth_inv_[A-Za-z0-9_-]{43}$/);
    }
    const page = await admin.get(unknown.headers.location as string);
    expect(page.body).toContain('Invitation sent.');
    expect(page.body).toContain('Pending invitations');
    expect(page.body).toContain(stranger);
    // Nobody joined yet: an invitation is accepted by its invitee, never by the admin.
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.outsider.id)).toBeUndefined();
    // A second invitation to a pending address is refused, whatever the address.
    expect((await invite(stranger)).statusCode).toBe(409);
    expect((await invite(world.outsider.email)).statusCode).toBe(409);
    // Only digests are stored.
    const rows = await t.runtime.ctx.db.selectFrom('invitations').selectAll().where('workspace_id', '=', world.workspace.id).execute();
    expect(JSON.stringify(rows)).not.toContain(linkIn(invitationTo(stranger)).split('/').pop());
  });

  it('lets a newcomer sign up from the link and join with the invited role, recorded under Webflow audit event types', async () => {
    const email = `newcomer-${n}-${backend}@example.com`;
    await invite(email, 'admin');
    const link = linkIn(invitationTo(email));
    const visitor = new DashboardAgent(t.app);
    const offer = await visitor.get(link);
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain(`Join ${world.workspace.name}`);
    const signupHref = /href="(\/signup\?[^"]+)"/.exec(offer.body)![1]!.replaceAll('&amp;', '&');
    const signup = await visitor.get(signupHref);
    expect(signup.body).toContain(`value="${email}"`);
    const made = await visitor.post('/signup', { email, first_name: 'New', last_name: 'Comer', password: PASSWORD, return_to: link });
    expect(made.statusCode).toBe(303);
    await visitor.get(made.headers.location as string);
    const signedIn = await visitor.post('/login', { email, password: PASSWORD, return_to: link });
    expect(signedIn.headers.location).toBe(link);
    const page = await visitor.get(link);
    expect(page.body).toContain(`Join ${world.workspace.name}</button>`);
    const accepted = await visitor.post(`${link}/accept`);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/workspaces/${world.workspace.id}?done=invitation-accepted`);
    const user = (await findUserByEmail(t.runtime.ctx, email))!;
    expect(await getRole(t.runtime.ctx, world.workspace.id, user.id)).toBe('admin');
    // Accepting proved the address.
    expect(user.emailVerified).toBe(true);

    const events = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('workspace_id', '=', world.workspace.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const lookup = { user: (id: string) => ({ id, email }) };
    const webflow = events.map((e) => toWebflowAuditItem(e, world.workspace, lookup)).filter((e) => e !== undefined);
    const kinds = webflow.map((e) => `${e.eventType}/${e.eventSubType}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['workspace_invitation/invite_sent', 'workspace_invitation/invite_accepted', 'workspace_membership/user_added']),
    );
    const sent = webflow.find((e) => e.eventSubType === 'invite_sent')!;
    expect(sent.payload).toMatchObject({ targetUser: { email }, roleName: 'admin' });
    expect(sent.actor).toEqual({ id: world.admin.id, email: world.admin.email });
  });

  it('is bound to the invited address: another signed-in account cannot take it', async () => {
    await invite(world.outsider.email);
    const link = linkIn(invitationTo(world.outsider.email));
    const member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    const page = await member.get(link);
    expect(page.body).toContain('this invitation was sent to');
    expect(page.body).not.toContain('/accept"');
    const taken = await member.post(`${link}/accept`);
    expect(taken.statusCode).toBe(403);
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.member.id)).toBe('member');
    const outsider = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.outsider.id);
    await outsider.get(link);
    expect((await outsider.post(`${link}/accept`)).statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.outsider.id)).toBe('member');
  });

  it('works once, even for two accepts at the same moment', async () => {
    await invite(world.outsider.email);
    const link = linkIn(invitationTo(world.outsider.email));
    const outsider = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.outsider.id);
    await outsider.get(link);
    const answers = await Promise.all([outsider.post(`${link}/accept`), outsider.post(`${link}/accept`)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 410]);
    expect((await outsider.post(`${link}/accept`)).statusCode).toBe(410);
    const accepted = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .select('id')
      .where('workspace_id', '=', world.workspace.id)
      .where('event_sub_type', '=', 'invite_accepted')
      .execute();
    expect(accepted).toHaveLength(1);
  });

  it('expires after seven days', async () => {
    await invite(world.outsider.email);
    const link = linkIn(invitationTo(world.outsider.email));
    const outsider = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.outsider.id);
    await outsider.get(link);
    const saved = clock;
    clock = new Date(saved.getTime() + 7 * 24 * 3600 * 1000 + 1000);
    try {
      expect((await outsider.get(link)).body).toContain('no longer valid (expired)');
      expect((await outsider.post(`${link}/accept`)).statusCode).toBe(410);
      expect((await admin.get(`/workspaces/${world.workspace.id}/members`)).body).toContain('expired');
    } finally {
      clock = saved;
    }
    expect(await getRole(t.runtime.ctx, world.workspace.id, world.outsider.id)).toBeUndefined();
  });

  it('lists pending invitations, and a revoked one stops working at once', async () => {
    const email = `revoked-${n}-${backend}@example.com`;
    await invite(email);
    const link = linkIn(invitationTo(email));
    const [row] = await t.runtime.ctx.db
      .selectFrom('invitations')
      .select('id')
      .where('workspace_id', '=', world.workspace.id)
      .where('email', '=', email)
      .execute();
    const page = await admin.get(`/workspaces/${world.workspace.id}/members`);
    expect(page.body).toContain(`/invitations/${row!.id}/revoke`);
    const member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    await member.get(`/workspaces/${world.workspace.id}/members`);
    expect((await member.get(`/workspaces/${world.workspace.id}/members`)).body).not.toContain(email);
    expect((await member.post(`/workspaces/${world.workspace.id}/invitations/${row!.id}/revoke`)).statusCode).toBe(403);
    const revoked = await admin.post(`/workspaces/${world.workspace.id}/invitations/${row!.id}/revoke`);
    expect(revoked.headers.location).toContain('done=invitation-revoked');
    expect((await admin.get(`/workspaces/${world.workspace.id}/members`)).body).not.toContain(email);
    expect((await new DashboardAgent(t.app).get(link)).body).toContain('no longer valid (revoked)');
    const kinds = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .select('event_sub_type')
      .where('workspace_id', '=', world.workspace.id)
      .where('event_type', '=', 'workspace_invitation')
      .execute();
    expect(kinds.map((k) => k.event_sub_type)).toEqual(expect.arrayContaining(['invite_sent', 'invite_canceled']));
  });

  it('keeps an invitation whose email could not be sent, says so, and re-sends it with a new link', async () => {
    const email = `bounced-${n}-${backend}@example.com`;
    sink.refuse = true;
    const res = await invite(email);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('done=invitation-not-delivered');
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('could not be sent just now');
    expect(page.body).toContain('email not sent');
    expect(sink.to(email)).toHaveLength(0);
    sink.refuse = false;
    await invite(`first-${email}`);
    const first = linkIn(invitationTo(`first-${email}`));
    const [row] = await t.runtime.ctx.db.selectFrom('invitations').select('id').where('email', '=', `first-${email}`).execute();
    const resent = await admin.post(`/workspaces/${world.workspace.id}/invitations/${row!.id}/resend`);
    expect(resent.headers.location).toContain('done=invitation-resent');
    const second = linkIn(invitationTo(`first-${email}`));
    expect(second).not.toBe(first);
    expect((await new DashboardAgent(t.app).get(first)).statusCode).toBe(404);
    expect((await new DashboardAgent(t.app).get(second)).statusCode).toBe(200);
  });

  it('holds the role rules: a member cannot invite, and a bad role is refused', async () => {
    const member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    await member.get(`/workspaces/${world.workspace.id}/members`);
    expect((await member.post(`/workspaces/${world.workspace.id}/members`, { email: 'x@example.com', role: 'member' })).statusCode).toBe(403);
    expect((await invite('y@example.com', 'owner')).statusCode).toBe(400);
    expect((await invite('not an address')).statusCode).toBe(400);
    expect(await listMembers(t.runtime.ctx, world.workspace.id)).toHaveLength(2);
  });
});
