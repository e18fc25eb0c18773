import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTEMPT_LIMITS } from '../../../src/platform/accounts/attempt-throttle.js';
import { totpCode } from '../../../src/platform/accounts/two-factor/totp.js';
import { createUser, type User } from '../../../src/platform/accounts/users.js';
import { addMember, createWorkspace } from '../../../src/platform/workspaces/workspaces.js';
import { createWorld, PASSWORD, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

/** The secret as the setup page shows it (grouped by four), without the spaces. */
const secretOf = (body: string) => /id="totp-secret"[^>]*>(.*?)<\/code>/s.exec(body)![1]!.replace(/<[^>]+>|\s/g, '');
const recoveryCodesOf = (body: string) => [...body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);

describe.each(backends())('two-factor sign-in on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sink: SmtpSink;
  let world: World;
  let clock = new Date('2026-06-01T08:00:00.000Z');
  const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
  let n = 0;

  /** An account with a workspace of its own, where its sign-ins and two-factor changes are audited. */
  const freshUser = async (): Promise<User> => {
    const user = await createUser(t.runtime.ctx, { email: `tf-${++n}-${backend}@example.com`, password: PASSWORD, firstName: 'Tess', lastName: 'Factor' });
    await createWorkspace(t.runtime.ctx, { name: `Own ${n}`, ownerUserId: user.id });
    return user;
  };

  /** Sets up an authenticator app for `user` through the account page; returns its secret and recovery codes. */
  const enrol = async (user: User) => {
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id);
    await agent.get('/account');
    const setup = await agent.post('/account/two-factor/totp');
    expect(setup.statusCode).toBe(200);
    const secret = secretOf(setup.body);
    const confirmed = await agent.post('/account/two-factor/totp/confirm', { code: totpCode(secret, clock) });
    expect(confirmed.statusCode).toBe(200);
    return { agent, secret, codes: recoveryCodesOf(confirmed.body) };
  };

  /** The first step: email and password on /login, from a fresh browser. */
  const firstStep = async (user: User, returnTo = '/', from = '127.0.0.1') => {
    const browser = new DashboardAgent(t.app, from);
    await browser.get(`/login?return_to=${encodeURIComponent(returnTo)}`);
    const res = await browser.post('/login', { email: user.email, password: PASSWORD, return_to: returnTo });
    return { browser, res };
  };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp(backend, { SMTP_URL: sink.url }, { now: () => clock });
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('sets up an authenticator app only after a correct code, keeps the secret sealed and shows ten recovery codes once', async () => {
    const user = await freshUser();
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id);
    await agent.get('/account');
    const setup = await agent.post('/account/two-factor/totp');
    expect(setup.body).toContain('<img class="qr" src="data:image/svg+xml;base64,');
    const secret = secretOf(setup.body);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const row = await t.runtime.ctx.db.selectFrom('totp_factors').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    expect(t.runtime.ctx.secrets.open(row.secret_sealed)).toBe(secret);
    expect(row.confirmed_at).toBeNull();

    // Not on until confirmed: signing in still needs only the password.
    expect((await firstStep(user)).res.headers.location).toBe('/');

    const wrong = await agent.post('/account/two-factor/totp/confirm', { code: totpCode(secret, new Date(clock.getTime() + 10 * 60_000)) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That code is not right');

    const confirmed = await agent.post('/account/two-factor/totp/confirm', { code: totpCode(secret, clock) });
    expect(confirmed.statusCode).toBe(200);
    const codes = recoveryCodesOf(confirmed.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.runtime.ctx.db.selectFrom('recovery_codes').select('digest').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.map((s) => s.digest).join()).not.toContain(code.replace('-', ''));

    const page = await agent.get('/account');
    expect(page.body).toContain('An authenticator app is set up.');
    expect(page.body).toContain('10 of 10 left');
    expect(page.body).not.toContain(codes[0]!);

    await t.runtime.ctx.mail.settled();
    expect(sink.to(user.email).map((m) => m.subject)).toContain('Two-factor sign-in turned on for your Gatehouse account');
  });

  it('asks for a code after the password, makes no session until then, and refuses a code used once', async () => {
    const user = await freshUser();
    const { secret } = await enrol(user);
    // The confirmation spent this time step: the same code cannot sign in.
    const first = await firstStep(user, '/workspaces/abc');
    expect(first.res.statusCode).toBe(303);
    expect(first.res.headers.location).toBe('/login/two-factor');
    expect(first.res.cookies.map((c) => c.name)).not.toContain('gatehouse_session');
    expect(first.res.cookies.map((c) => c.name)).toContain('gatehouse_pending_sign_in');
    const stepPage = await first.browser.get('/login/two-factor');
    expect(stepPage.statusCode).toBe(200);
    expect(stepPage.body).toContain(user.email);
    const replayed = await first.browser.post('/login/two-factor', { code: totpCode(secret, clock) });
    expect(replayed.statusCode).toBe(401);

    tick(30);
    const code = totpCode(secret, clock);
    const done = await first.browser.post('/login/two-factor', { code });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/workspaces/abc');
    expect(done.cookies.map((c) => c.name)).toContain('gatehouse_session');
    expect((await first.browser.get('/account')).statusCode).toBe(200);

    // The same code again, in a new sign-in within its window: refused.
    const again = await firstStep(user);
    expect((await again.browser.post('/login/two-factor', { code })).statusCode).toBe(401);
    // A code of the previous step (within the window, but before the one spent): refused as well.
    expect((await again.browser.post('/login/two-factor', { code: totpCode(secret, new Date(clock.getTime() - 30_000)) })).statusCode).toBe(401);

    const logins = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .select('payload')
      .where('actor_user_id', '=', user.id)
      .where('event_sub_type', '=', 'login')
      .execute();
    expect(logins.map((l) => JSON.parse(l.payload) as Record<string, unknown>)).toContainEqual({ secondFactor: 'totp' });
  });

  it('takes the next step code in the window once, and keeps the pending state to the browser that gave the password', async () => {
    const user = await freshUser();
    const { secret } = await enrol(user);
    tick(60);
    const { browser } = await firstStep(user);
    // Another browser (no pending cookie) gets nothing from the second step.
    const stranger = new DashboardAgent(t.app);
    await stranger.get('/login');
    const stolen = await stranger.post('/login/two-factor', { code: totpCode(secret, clock) });
    expect(stolen.statusCode).toBe(303);
    expect(stolen.headers.location).toBe('/login?done=two-factor-expired');
    expect(stolen.cookies.map((c) => c.name)).not.toContain('gatehouse_session');
    // A code one step ahead (a fast clock) is within the window.
    expect((await browser.post('/login/two-factor', { code: totpCode(secret, new Date(clock.getTime() + 30_000)) })).statusCode).toBe(303);
  });

  it('lets the pending sign-in expire after five minutes', async () => {
    const user = await freshUser();
    const { secret } = await enrol(user);
    const { browser } = await firstStep(user);
    tick(5 * 60 + 1);
    const late = await browser.post('/login/two-factor', { code: totpCode(secret, clock) });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/login?done=two-factor-expired');
    expect((await browser.get(late.headers.location as string)).body).toContain('took too long');
  });

  it('signs in with a recovery code once, and tells the owner', async () => {
    const user = await freshUser();
    const { codes } = await enrol(user);
    const one = await firstStep(user);
    const used = await one.browser.post('/login/two-factor', { code: codes[3]!.toUpperCase() });
    expect(used.statusCode).toBe(303);
    const two = await firstStep(user);
    expect((await two.browser.post('/login/two-factor', { code: codes[3]! })).statusCode).toBe(401);
    expect((await two.browser.post('/login/two-factor', { code: codes[4]! })).statusCode).toBe(303);
    await t.runtime.ctx.mail.settled();
    expect(sink.to(user.email).map((m) => m.subject)).toContain('A recovery code was used to sign in to your Gatehouse account');
    const { agent } = { agent: await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id) };
    expect((await agent.get('/account')).body).toContain('8 of 10 left');
    // New codes replace the old ones.
    const fresh = await agent.post('/account/two-factor/recovery-codes');
    expect(recoveryCodesOf(fresh.body)).toHaveLength(10);
    const three = await firstStep(user);
    expect((await three.browser.post('/login/two-factor', { code: codes[5]! })).statusCode).toBe(401);
    expect((await three.browser.post('/login/two-factor', { code: recoveryCodesOf(fresh.body)[0]! })).statusCode).toBe(303);
  });

  it('throttles wrong codes per account, whatever the address, like passwords', async () => {
    const user = await freshUser();
    const { secret } = await enrol(user);
    tick(30);
    for (let i = 0; i < ATTEMPT_LIMITS['two-factor']; i++) {
      const { browser } = await firstStep(user, '/', `198.51.100.${i + 1}`);
      expect((await browser.post('/login/two-factor', { code: '000000' })).statusCode).toBe(401);
    }
    const { browser } = await firstStep(user, '/', '198.51.100.99');
    const locked = await browser.post('/login/two-factor', { code: totpCode(secret, clock) });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.cookies.map((c) => c.name)).not.toContain('gatehouse_session');
    tick(16 * 60);
    const later = await firstStep(user);
    expect((await later.browser.post('/login/two-factor', { code: totpCode(secret, clock) })).statusCode).toBe(303);
  });

  it('turns two-factor off only with the password or a current code, and says so by email', async () => {
    const user = await freshUser();
    const { agent, secret } = await enrol(user);
    await agent.get('/account');
    const refused = await agent.post('/account/two-factor/off', { proof: 'not my password' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('That is not your password or a current code.');
    tick(30);
    const off = await agent.post('/account/two-factor/off', { proof: totpCode(secret, clock) });
    expect(off.statusCode).toBe(303);
    expect(await t.runtime.ctx.db.selectFrom('recovery_codes').select('digest').where('user_id', '=', user.id).execute()).toHaveLength(0);
    expect((await firstStep(user)).res.headers.location).toBe('/');
    await t.runtime.ctx.mail.settled();
    expect(sink.to(user.email).map((m) => m.subject)).toContain('Two-factor sign-in turned off for your Gatehouse account');
    const events = await t.runtime.ctx.db.selectFrom('audit_events').select('event_sub_type').where('actor_user_id', '=', user.id).execute();
    expect(events.map((e) => e.event_sub_type)).toEqual(expect.arrayContaining(['two_factor_enabled', 'two_factor_disabled']));
  });

  it('refuses a passkey answer without its challenge, a forged one, and a challenge spent once', async () => {
    const user = await freshUser();
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id);
    await agent.get('/account');
    const forged = JSON.stringify({
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
      clientExtensionResults: {},
    });
    const noChallenge = await agent.post('/account/passkeys', { name: 'Mine', response: forged });
    expect(noChallenge.statusCode).toBe(400);
    expect(noChallenge.body).toContain('This passkey request expired');
    const options = await agent.post('/account/passkeys/options');
    expect(options.statusCode).toBe(200);
    const asked = JSON.parse(options.body) as { challenge: string; rp: { id: string; name: string }; authenticatorSelection: { residentKey: string } };
    expect(asked.rp).toEqual({ id: '127.0.0.1', name: 'Gatehouse' });
    expect(asked.authenticatorSelection.residentKey).toBe('required');
    const bad = await agent.post('/account/passkeys', { name: 'Mine', response: forged });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The passkey could not be verified');
    // The challenge was spent by that answer: sending its handle again (as a replaying browser would) finds nothing.
    const handle = options.cookies.find((c) => c.name === 'gatehouse_webauthn')!.value;
    const cookie = Object.entries({ ...agent.cookieJar(), gatehouse_webauthn: handle })
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const again = await t.app.inject({
      method: 'POST',
      url: '/account/passkeys',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: agent.csrf, name: 'Mine', response: forged }).toString(),
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This passkey request expired');
    expect(await t.runtime.ctx.db.selectFrom('passkeys').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    expect(await t.runtime.ctx.db.selectFrom('webauthn_challenges').select('digest').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  it('removes a passkey only with the password, and turns two-factor off with the last one', async () => {
    const user = await freshUser();
    await t.runtime.ctx.db
      .insertInto('passkeys')
      .values({
        id: 'cred-1',
        user_id: user.id,
        name: 'Old key',
        public_key: 'AAAA',
        sign_count: 0,
        transports: 'usb',
        backed_up: 0,
        created_at: clock.toISOString(),
        last_used_at: null,
      })
      .execute();
    // A passkey alone is a second factor: the password no longer signs in by itself.
    expect((await firstStep(user)).res.headers.location).toBe('/login/two-factor');
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id);
    expect((await agent.get('/account')).body).toContain('Old key');
    expect((await agent.post('/account/passkeys/cred-1/remove', { proof: 'wrong password' })).statusCode).toBe(400);
    expect((await agent.post('/account/passkeys/nope/remove', { proof: PASSWORD })).statusCode).toBe(404);
    const removed = await agent.post('/account/passkeys/cred-1/remove', { proof: PASSWORD });
    expect(removed.statusCode).toBe(303);
    expect((await firstStep(user)).res.headers.location).toBe('/');
    const events = await t.runtime.ctx.db.selectFrom('audit_events').select('event_sub_type').where('actor_user_id', '=', user.id).execute();
    expect(events.map((e) => e.event_sub_type)).toEqual(expect.arrayContaining(['passkey_removed', 'two_factor_disabled']));
  });

  describe('required by a workspace', () => {
    it('lets only an admin with two-factor require it, then sends members without it to set it up', async () => {
      const { workspace, siteA } = world;
      const admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
      await admin.get(`/workspaces/${workspace.id}`);
      const early = await admin.post(`/workspaces/${workspace.id}/two-factor`, { required: 'yes' });
      expect(early.statusCode).toBe(400);
      expect(early.body).toContain('Turn on two-factor sign-in for your own account first');

      await enrol(world.admin);
      await admin.get(`/workspaces/${workspace.id}`);
      const on = await admin.post(`/workspaces/${workspace.id}/two-factor`, { required: 'yes' });
      expect(on.statusCode).toBe(303);
      expect((await admin.get(`/workspaces/${workspace.id}`)).body).toContain('Required: members without two-factor sign-in');

      // The member's existing session still works, but the workspace and its sites send them to set it up.
      const member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
      for (const path of [`/workspaces/${workspace.id}`, `/workspaces/${workspace.id}/members`, `/sites/${siteA.id}`]) {
        const sent = await member.get(path);
        expect(sent.statusCode, path).toBe(303);
        expect(sent.headers.location, path).toBe(`/account?return_to=${encodeURIComponent(path)}#two-factor`);
      }
      const account = await member.get(`/account?return_to=${encodeURIComponent(`/workspaces/${workspace.id}`)}`);
      expect(account.body).toContain(`${workspace.name} requires two-factor sign-in`);
      expect(account.body).toContain(`name="return_to" value="/workspaces/${workspace.id}"`);
      // Another workspace of theirs is unaffected.
      expect((await member.get('/')).statusCode).toBe(200);

      await enrol(world.member);
      expect((await member.get(`/workspaces/${workspace.id}`)).statusCode).toBe(200);
      const audit = await t.runtime.ctx.db
        .selectFrom('audit_events')
        .select(['event_type', 'payload'])
        .where('workspace_id', '=', workspace.id)
        .where('event_sub_type', '=', 'two_factor_requirement_changed')
        .execute();
      expect(audit).toEqual([{ event_type: 'workspace_setting', payload: JSON.stringify({ required: true }) }]);
    });

    it('sends an admin without two-factor from the consent screen to set it up, and keeps the request', async () => {
      const second = await freshUser();
      await addMember(t.runtime.ctx, world.workspace.id, second.id, 'admin');
      const browser = await DashboardAgent.signedIn(t.app, t.runtime.ctx, second.id);
      const query = new URLSearchParams({
        client_id: world.app.clientId,
        response_type: 'code',
        redirect_uri: 'https://app.example.com/callback',
        scope: 'sites:read',
        state: 'st',
      });
      const start = await browser.get(`/oauth/authorize?${query}`);
      const resume = start.headers.location as string;
      expect(resume).toMatch(/^\/oauth\/authorize\/resume\?interaction=/);
      const consent = await browser.get(`${resume}&workspace=${world.workspace.id}`);
      expect(consent.statusCode).toBe(403);
      expect(consent.body).toContain('requires two-factor sign-in');
      expect(consent.body).toContain('Set up two-factor sign-in');
      const interaction = new URL(resume, 'http://x').searchParams.get('interaction')!;
      const decision = await browser.post('/oauth/authorize/decision', {
        interaction,
        decision: 'approve',
        workspace_id: world.workspace.id,
        target: 'workspace',
      });
      expect(decision.statusCode).toBe(303);
      expect(decision.headers.location).toBe(`/account?return_to=${encodeURIComponent(`${resume}&workspace=${world.workspace.id}`)}#two-factor`);
      expect(await t.runtime.ctx.db.selectFrom('authorizations').select('id').where('user_id', '=', second.id).execute()).toHaveLength(0);

      // Set it up from there and come back: the request is still open, and may be approved.
      await browser.get(decision.headers.location as string);
      const setup = await browser.post('/account/two-factor/totp', { return_to: `${resume}&workspace=${world.workspace.id}` });
      const confirmed = await browser.post('/account/two-factor/totp/confirm', {
        code: totpCode(secretOf(setup.body), clock),
        return_to: `${resume}&workspace=${world.workspace.id}`,
      });
      expect(confirmed.body).toContain(`href="${resume}&amp;workspace=${world.workspace.id}"`);
      const back = await browser.get(`${resume}&workspace=${world.workspace.id}`);
      expect(back.statusCode).toBe(200);
      const approved = await browser.post('/oauth/authorize/decision', {
        interaction,
        decision: 'approve',
        workspace_id: world.workspace.id,
        target: 'workspace',
      });
      expect(approved.statusCode).toBe(303);
      expect(approved.headers.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
    });
  });
});
