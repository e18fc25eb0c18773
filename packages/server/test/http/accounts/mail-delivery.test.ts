import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevOutbox } from '../../../src/mail/dev-outbox.js';
import { inviteMember, listPendingInvitations } from '../../../src/platform/workspaces/invitations.js';
import { createUser } from '../../../src/platform/accounts/users.js';
import { PASSWORD, createWorld } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

/** Signs in with the password from a browser that holds `device` (or none); answers the device cookie it keeps. */
async function signIn(app: DashboardAgent['app'], email: string, device?: string): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TestBrowser/1.0' };
  const page = await app.inject({ url: '/login', headers: device ? { cookie: `gatehouse_device=${device}` } : {} });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const cookies = page.cookies.map((c) => `${c.name}=${c.value}`);
  if (device) cookies.push(`gatehouse_device=${device}`);
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { ...headers, cookie: cookies.join('; ') },
    payload: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  expect(res.statusCode).toBe(303);
  return res.cookies.find((c) => c.name === 'gatehouse_device')!.value;
}

describe('new-device notices over SMTP', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp('sqlite', { SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('emails the owner when a browser the account never used signs in, and not for the first or a known one', async () => {
    const user = await createUser(t.runtime.ctx, { email: 'traveller@example.com', password: PASSWORD, firstName: 'Tia', lastName: '' });
    const notices = () => sink.to(user.email).filter((m) => m.subject === 'New sign-in to your Gatehouse account');
    const laptop = await signIn(t.app, user.email);
    await t.runtime.ctx.mail.settled();
    expect(notices()).toHaveLength(0);
    expect(await signIn(t.app, user.email, laptop)).toBe(laptop);
    await t.runtime.ctx.mail.settled();
    expect(notices()).toHaveLength(0);
    const phone = await signIn(t.app, user.email);
    expect(phone).not.toBe(laptop);
    await t.runtime.ctx.mail.settled();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.text).toContain('TestBrowser/1.0');
    expect(notices()[0]!.links[0]).toBe('http://127.0.0.1:8080/password/forgot');
    const rows = await t.runtime.ctx.db.selectFrom('known_devices').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(phone);
  });
});

describe('the development outbox', () => {
  it('keeps mail in memory on a loopback server without SMTP, shows it only to this machine, and prints it only where asked', async () => {
    const printed: string[] = [];
    const t = await createTestApp('sqlite', {}, { mailPrint: (text) => printed.push(text) });
    try {
      expect(t.runtime.ctx.mail.transport).toBeInstanceOf(DevOutbox);
      const world = await createWorld(t.runtime.ctx);
      const admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
      await admin.get(`/workspaces/${world.workspace.id}/members`);
      expect((await admin.post(`/workspaces/${world.workspace.id}/members`, { email: 'guest@example.com', role: 'member' })).headers.location).toContain(
        'invitation-sent',
      );
      const outbox = await new DashboardAgent(t.app, '127.0.0.1').get('/dev/outbox');
      expect(outbox.statusCode).toBe(200);
      expect(outbox.headers['cache-control']).toBe('no-store');
      const link = /href="(http:\/\/127\.0\.0\.1:8080\/invitations\/gth_inv_[^"]+)"/.exec(outbox.body)![1]!;
      expect(printed.join('')).toContain(link);
      expect((await new DashboardAgent(t.app, '::1').get('/dev/outbox')).statusCode).toBe(200);
      expect((await new DashboardAgent(t.app, '203.0.113.9').get('/dev/outbox')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('does not exist on a public server, which sends nothing and says so without failing', async () => {
    const t = await createTestApp('sqlite', { PUBLIC_URL: 'https://auth.example.com' });
    try {
      expect((await t.app.inject({ url: '/dev/outbox', remoteAddress: '127.0.0.1' })).statusCode).toBe(404);
      const world = await createWorld(t.runtime.ctx);
      const sent = await inviteMember(t.runtime.ctx, world.workspace.id, 'guest@example.com', 'member', {
        id: world.admin.id,
        email: world.admin.email,
        role: 'admin',
      });
      expect(sent.delivered).toBe(false);
      expect((await listPendingInvitations(t.runtime.ctx, world.workspace.id))[0]).toMatchObject({
        email: 'guest@example.com',
        delivered: false,
        status: 'pending',
      });
    } finally {
      await t.close();
    }
  });
});
