import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ATTEMPT_LIMITS } from '../../../src/platform/accounts/attempt-throttle.js';
import { resolveSession, startSession } from '../../../src/platform/accounts/sessions.js';
import { createUser, type User } from '../../../src/platform/accounts/users.js';
import { PASSWORD } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { SmtpSink, pathOf } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe.each(backends())('password reset by email on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  let user: User;
  let clock = new Date('2026-06-01T08:00:00.000Z');
  let n = 0;
  const ask = async (email: string, from = '127.0.0.1') => {
    const visitor = new DashboardAgent(t.app, from);
    await visitor.get('/password/forgot');
    const res = await visitor.post('/password/forgot', { email });
    await t.runtime.ctx.mail.settled();
    return res;
  };
  const resetLinkFor = (email: string) => {
    const mails = sink.to(email).filter((m) => m.subject === 'Reset your Gatehouse password');
    return mails.length ? pathOf(mails[mails.length - 1]!.links[0]!) : undefined;
  };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp(backend, { SMTP_URL: sink.url }, { now: () => clock });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(async () => {
    n++;
    user = await createUser(t.runtime.ctx, { email: `reset-${n}-${backend}@example.com`, password: PASSWORD, firstName: 'Rita', lastName: 'Reset' });
  });

  it('answers alike for every address, and emails a link only to an account', async () => {
    const known = await ask(user.email.toUpperCase(), '192.0.2.1');
    const unknown = await ask(`nobody-${n}@example.com`, '192.0.2.1');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const text = (body: string) => body.replace(/value="[^"]*"/g, '');
    expect(text(known.body)).toBe(text(unknown.body));
    expect(known.body).toContain('If an account uses this address');
    expect(resetLinkFor(user.email)).toMatch(/^\/password\/reset\/gth_pwr_[A-Za-z0-9_-]{43}$/);
    expect(sink.to(`nobody-${n}@example.com`)).toHaveLength(0);
  });

  it('sets a new password once, ends every session, and stores only digests', async () => {
    const other = await startSession(t.runtime.ctx, user.id);
    await ask(user.email, '192.0.2.2');
    const link = resetLinkFor(user.email)!;
    const secret = link.split('/').pop()!;
    const rows = await t.runtime.ctx.db.selectFrom('account_links').selectAll().where('user_id', '=', user.id).execute();
    expect(JSON.stringify(rows)).not.toContain(secret);

    const visitor = new DashboardAgent(t.app);
    const form = await visitor.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose a new password');
    // A short password is refused without spending the link.
    expect((await visitor.post(link, { new_password: 'short', confirm_password: 'short' })).statusCode).toBe(400);
    const done = await visitor.post(link, { new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?done=password-reset');
    expect(await resolveSession(t.runtime.ctx, other)).toBeUndefined();
    expect((await visitor.post(link, { new_password: 'another passphrase', confirm_password: 'another passphrase' })).statusCode).toBe(410);
    expect((await visitor.get(link)).statusCode).toBe(410);

    const signIn = new DashboardAgent(t.app);
    await signIn.get('/login');
    expect((await signIn.post('/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await signIn.post('/login', { email: user.email, password: NEW_PASSWORD })).statusCode).toBe(303);
  });

  it('expires after an hour, and a newer link replaces an older one', async () => {
    await ask(user.email, '192.0.2.3');
    const first = resetLinkFor(user.email)!;
    await ask(user.email, '192.0.2.3');
    const second = resetLinkFor(user.email)!;
    expect(second).not.toBe(first);
    const visitor = new DashboardAgent(t.app);
    expect((await visitor.get(first)).statusCode).toBe(410);
    expect((await visitor.get(second)).statusCode).toBe(200);
    const saved = clock;
    clock = new Date(saved.getTime() + 61 * 60 * 1000);
    try {
      expect((await visitor.post(second, { new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })).statusCode).toBe(410);
    } finally {
      clock = saved;
    }
  });

  it('throttles requests per address asked about, the same whether or not it has an account', async () => {
    for (const email of [user.email, `ghost-${n}-${backend}@example.com`]) {
      const answers = [];
      for (let i = 0; i <= ATTEMPT_LIMITS['password-reset-account']; i++) answers.push((await ask(email, `198.51.100.${i + 1}`)).statusCode);
      expect(answers).toEqual([...Array(ATTEMPT_LIMITS['password-reset-account']).fill(200), 429]);
    }
    expect(sink.to(user.email).filter((m) => m.subject.startsWith('Reset'))).toHaveLength(ATTEMPT_LIMITS['password-reset-account']);
  });

  it('never fails the page when the mail server refuses, and tries again in the background', async () => {
    sink.refuse = true;
    try {
      const res = await ask(user.email, '192.0.2.9');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('If an account uses this address');
    } finally {
      sink.refuse = false;
    }
    expect(sink.to(user.email)).toHaveLength(0);
  });
});
