import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRole } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { SmtpSink, pathOf, type ReceivedMail } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';
import { adminKeys, adminRequest } from './admin-client.js';

/**
 * docs/admin-api.md, "Invitations": the product's backend invites people into a workspace with a role,
 * lists what is pending and revokes; the invitee gets the dashboard's email and accepts with its link.
 */
describe.each(backends())('admin API invitations on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  let w: World;
  let keys: { write: string; read: string };
  let call: ReturnType<typeof adminRequest>;
  const invitationTo = (email: string): ReceivedMail =>
    sink
      .to(email)
      .filter((m) => m.subject.startsWith('You are invited'))
      .at(-1)!;
  const linkIn = (mail: ReceivedMail) => pathOf(mail.links.find((l) => l.includes('/invitations/'))!);
  const path = () => `/workspaces/${w.workspace.slug}/invitations`;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp(backend, { SMTP_URL: sink.url, MAIL_FROM: 'Gatehouse <gatehouse@example.com>' });
    w = await createWorld(t.runtime.ctx);
    keys = await adminKeys(t.runtime.ctx);
    call = adminRequest(t.app);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('invites an address with a role, emails it, and the invitee joins with that role from the link', async () => {
    const email = `invitee-${backend}@example.com`;
    const made = await call(keys.write, 'POST', path(), { email: email.toUpperCase(), role: 'admin' });
    expect(made.statusCode).toBe(201);
    const invitation = made.json().invitation;
    expect(invitation).toMatchObject({
      workspaceId: w.workspace.id,
      email,
      role: 'admin',
      status: 'pending',
      delivered: true,
      invitedBy: expect.stringMatching(/^admin-key:/),
    });
    const mail = invitationTo(email);
    expect(mail.text).toContain(w.workspace.name);
    // The key is no person: the email names no inviter.
    expect(mail.text).toMatch(/^An administrator invited/);
    expect(mail.text).not.toContain('admin-key:');

    const listed = await call(keys.read, 'GET', `${path()}?limit=1`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().invitations).toEqual([invitation]);

    const invitee = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.outsider.id);
    const outsiderInvite = (await call(keys.write, 'POST', path(), { email: w.outsider.email, role: 'member' })).json().invitation;
    const link = linkIn(invitationTo(w.outsider.email));
    await invitee.get(link);
    expect((await invitee.post(`${link}/accept`)).statusCode).toBe(303);
    expect(await getRole(t.runtime.ctx, w.workspace.id, w.outsider.id)).toBe('member');
    const pending = (await call(keys.read, 'GET', path())).json().invitations as Array<{ id: string }>;
    expect(pending.map((i) => i.id)).not.toContain(outsiderInvite.id);
    expect(pending.map((i) => i.id)).toContain(invitation.id);
  });

  it('revokes a pending invitation, whose link then stops working, and audits each step under the key', async () => {
    const email = `revoked-${backend}@example.com`;
    const invitation = (await call(keys.write, 'POST', path(), { email, role: 'member' })).json().invitation;
    const link = linkIn(invitationTo(email));
    const revoked = await call(keys.write, 'DELETE', `${path()}/${invitation.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ revoked: true });
    expect((await new DashboardAgent(t.app).get(link)).body).toContain('no longer valid (revoked)');
    expect((await call(keys.read, 'GET', path())).json().invitations.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
    const again = await call(keys.write, 'DELETE', `${path()}/${invitation.id}`);
    expect(again.json()).toMatchObject({ status: 404, code: 'not_found' });

    const events = (await call(keys.read, 'GET', `/audit_events?workspace=${w.workspace.id}&eventType=workspace_invitation&limit=200`)).json().events as Array<{
      eventSubType: string;
      actor: { id: string | null; email: string | null };
      payload: { email: string };
    }>;
    const mine = events.filter((e) => e.payload.email === email);
    expect(mine.map((e) => e.eventSubType).sort()).toEqual(['invite_canceled', 'invite_sent']);
    for (const e of mine) expect(e.actor).toEqual({ id: null, email: expect.stringMatching(/^admin-key:[0-9a-f]{24}$/) });
  });

  it('replays a create under the same Idempotency-Key and makes one invitation', async () => {
    const body = { email: `once-${backend}@example.com`, role: 'member' };
    const first = await call(keys.write, 'POST', path(), body, { 'idempotency-key': `inv-${backend}` });
    const second = await call(keys.write, 'POST', path(), body, { 'idempotency-key': `inv-${backend}` });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(sink.to(body.email)).toHaveLength(1);
  });

  it('refuses in the problem format: a read key, a bad role and address, a member, a pending address, an unknown workspace', async () => {
    expect((await call(keys.read, 'POST', path(), { email: 'ro@example.com', role: 'member' })).json()).toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
    const bad = await call(keys.write, 'POST', path(), { email: 'not an address', role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'role', message: 'Role must be admin or member' }] });
    const noAddress = await call(keys.write, 'POST', path(), { email: 'not an address', role: 'member' });
    expect(noAddress.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'email', message: 'Enter a valid email address' }] });
    const member = await call(keys.write, 'POST', path(), { email: w.member.email, role: 'member' });
    expect(member.json()).toMatchObject({ status: 409, code: 'conflict', errors: [{ field: 'email', message: 'Already a member' }] });
    await call(keys.write, 'POST', path(), { email: `twice-${backend}@example.com`, role: 'member' });
    const twice = await call(keys.write, 'POST', path(), { email: `twice-${backend}@example.com`, role: 'member' });
    expect(twice.json()).toMatchObject({ status: 409, code: 'conflict', errors: [{ field: 'email', message: 'Already invited' }] });
    expect((await call(keys.read, 'GET', '/workspaces/no-such-workspace/invitations')).json()).toMatchObject({ status: 404, code: 'not_found' });
    // An invitation of another workspace is not this workspace's to revoke.
    const elsewhere = (
      await call(keys.write, 'POST', `/workspaces/${w.otherWorkspace.id}/invitations`, { email: `other-${backend}@example.com`, role: 'member' })
    ).json().invitation;
    expect((await call(keys.write, 'DELETE', `${path()}/${elsewhere.id}`)).statusCode).toBe(404);
  });

  it('is not throttled like a person: a backend may invite many at once', async () => {
    const answers = [];
    for (let i = 0; i < 25; i++)
      answers.push((await call(keys.write, 'POST', path(), { email: `bulk-${i}-${backend}@example.com`, role: 'member' })).statusCode);
    expect(answers.every((s) => s === 201)).toBe(true);
  });
});
