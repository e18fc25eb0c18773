import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideConsent } from '../../../src/platform/authorization/consent-decision.js';
import { PlatformError } from '../../../src/platform/errors.js';
import { loadInteraction } from '../../../src/platform/authorization/oauth-interactions.js';
import { findUserByEmail, type User } from '../../../src/platform/accounts/users.js';
import { addMember } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, PASSWORD, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { SmtpSink, pathOf } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';
import { authorizeQuery } from '../oauth/oauth-helpers.js';

describe.each(backends())('email verification before installing apps on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  let world: World;
  let user: User;
  let browser: DashboardAgent;
  const email = `fresh-${backend}@example.com`;
  const confirmLinks = () =>
    sink
      .to(email)
      .filter((m) => m.subject.startsWith('Confirm your email'))
      .map((m) => pathOf(m.links[0]!));
  /** authorize → the consent screen's resume URL for this browser. */
  const resume = async () => {
    const start = await browser.get(`/oauth/authorize?${authorizeQuery(world.app)}`);
    expect(start.statusCode).toBe(303);
    return start.headers.location as string;
  };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp(backend, { SMTP_URL: sink.url });
    world = await createWorld(t.runtime.ctx);
    browser = new DashboardAgent(t.app);
    await browser.get('/signup');
    expect((await browser.post('/signup', { email, first_name: 'Fay', last_name: 'Fresh', password: PASSWORD })).statusCode).toBe(303);
    await t.runtime.ctx.mail.settled();
    user = (await findUserByEmail(t.runtime.ctx, email))!;
    await addMember(t.runtime.ctx, world.workspace.id, user.id, 'admin');
    await browser.get('/login');
    expect((await browser.post('/login', { email, password: PASSWORD })).statusCode).toBe(303);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('sends a confirmation link at sign-up; the account starts unconfirmed', async () => {
    expect(user.emailVerified).toBe(false);
    expect(confirmLinks()).toHaveLength(1);
    expect(confirmLinks()[0]).toMatch(/^\/verify-email\/gth_ev_[A-Za-z0-9_-]{43}$/);
    expect((await browser.get('/account')).body).toContain('not confirmed');
  });

  it('shows an unconfirmed account how to confirm instead of the consent screen, and refuses an approval', async () => {
    const url = await resume();
    const page = await browser.get(url);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Confirm your email address first');
    expect(page.body).toContain('action="/account/verification"');
    expect(page.body).not.toContain('name="decision"');
    // The rule holds in the platform too, whatever the page showed.
    const handle = new URL(url, 'http://x').searchParams.get('interaction')!;
    const request = (await loadInteraction(t.runtime.ctx, handle))!;
    const attempt = decideConsent(
      t.runtime.ctx,
      { handle, app: world.app, user: { id: user.id, email: user.email }, request },
      { approve: true, choice: { workspaceId: world.workspace.id, target: 'workspace', siteIds: [] } },
    );
    await expect(attempt).rejects.toBeInstanceOf(PlatformError);
    const codes = await t.runtime.ctx.db.selectFrom('authorization_codes').select('digest').execute();
    expect(codes).toHaveLength(0);
  });

  it('re-sends the link from that page, and following it lets the account install apps', async () => {
    const url = await resume();
    await browser.get(url);
    const resent = await browser.post('/account/verification', { return_to: url });
    expect(resent.statusCode).toBe(303);
    expect(resent.headers.location).toContain('done=verification-sent');
    expect((await browser.get(resent.headers.location as string)).body).toContain('We sent a new confirmation link');
    const links = confirmLinks();
    expect(links).toHaveLength(2);
    // The newest link replaced the first.
    expect((await browser.get(links[0]!)).statusCode).toBe(410);
    const confirm = await browser.get(links[1]!);
    expect(confirm.body).toContain('Confirm my address');
    const done = await browser.post(links[1]!);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account?done=email-verified');
    expect((await browser.post(links[1]!)).statusCode).toBe(410);
    expect((await findUserByEmail(t.runtime.ctx, email))!.emailVerified).toBe(true);
    const consent = await browser.get(await resume());
    expect(consent.statusCode).toBe(200);
    expect(consent.body).toContain('name="decision"');
  });

  it('counts accounts made by an operator as confirmed', async () => {
    expect(world.admin.emailVerified).toBe(true);
  });

  it('answers a sign-up with a taken address as any other, and tells the owner by email instead', async () => {
    const again = new DashboardAgent(t.app, '203.0.113.7');
    await again.get('/signup');
    const res = await again.post('/signup', { email, first_name: 'Mallory', last_name: '', password: 'another long password' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('done=signed-up');
    await t.runtime.ctx.mail.settled();
    expect(sink.to(email).map((m) => m.subject)).toContain('Someone tried to sign up to Gatehouse with your address');
  });
});
