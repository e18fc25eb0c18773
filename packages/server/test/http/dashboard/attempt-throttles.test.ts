import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTEMPT_LIMITS } from '../../../src/platform/accounts/attempt-throttle.js';
import { addMember, getRole } from '../../../src/platform/workspaces/workspaces.js';
import { createUser } from '../../../src/platform/accounts/users.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

/** docs/rate-limits.md, "Sign-in and other account actions". */
describe.each(backends())('attempt throttles on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  /** A browser at `address` holding the login form's CSRF cookie and token. */
  const loginForm = async (address: string) => {
    const browser = new DashboardAgent(t.app, address);
    await browser.get('/login');
    return browser;
  };
  const signIn = (browser: DashboardAgent, email: string, password: string) => browser.post('/login', { email, password, return_to: '/' });

  it('counts each attempt before the password hash runs: of 8 parallel wrong passwords for one email, only 5 are checked', async () => {
    const user = await createUser(t.runtime.ctx, { email: 'race@example.com', firstName: 'R', lastName: '', password: PASSWORD });
    const attacker = await loginForm('203.0.113.50');
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(attacker, user.email, 'a wrong password!')));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    for (const refused of answers.filter((r) => r.statusCode === 429)) {
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toContain('Too many failed attempts');
    }
    // The right password from that address is refused too while the lock lasts.
    expect((await signIn(attacker, user.email, PASSWORD)).statusCode).toBe(429);
  });

  it("locks the attacker's address, not the owner: the owner still signs in from theirs", async () => {
    const owner = await createUser(t.runtime.ctx, { email: 'owner@example.com', firstName: 'O', lastName: '', password: PASSWORD });
    const attacker = await loginForm('203.0.113.60');
    for (let i = 0; i < ATTEMPT_LIMITS['sign-in']; i++) expect((await signIn(attacker, 'OWNER@example.com', `guess number ${i}`)).statusCode).toBe(401);
    expect((await signIn(attacker, owner.email, 'one guess too many')).statusCode).toBe(429);
    const home = await loginForm('198.51.100.60');
    const ownSignIn = await signIn(home, owner.email, PASSWORD);
    expect(ownSignIn.statusCode).toBe(303);
    expect(ownSignIn.headers.location).toBe('/');
    // …and the owner's success does not lift the lock on the attacker's address.
    expect((await signIn(attacker, owner.email, 'still guessing')).statusCode).toBe(429);
  });

  it('limits one address across many accounts, while other addresses sign in', async () => {
    const sprayer = await loginForm('203.0.113.70');
    for (let i = 0; i < ATTEMPT_LIMITS['sign-in-address']; i++)
      expect((await signIn(sprayer, `victim-${i}@example.com`, 'spray password 1')).statusCode).toBe(401);
    expect((await signIn(sprayer, 'victim-new@example.com', 'spray password 1')).statusCode).toBe(429);
    expect((await signIn(sprayer, world.admin.email, PASSWORD)).statusCode).toBe(429);
    expect((await signIn(await loginForm('198.51.100.70'), world.admin.email, PASSWORD)).statusCode).toBe(303);
  });

  it('counts an IPv6 address as its /64, so one network cannot rotate addresses past the limit', async () => {
    const statuses = [];
    for (let i = 0; i <= ATTEMPT_LIMITS['sign-in-address']; i++) {
      statuses.push((await signIn(await loginForm(`2001:db8:5:6::${(i + 1).toString(16)}`), `v6-victim-${i}@example.com`, 'spray password 1')).statusCode);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await signIn(await loginForm('2001:db8:5:6:ffff::1'), world.admin.email, PASSWORD)).statusCode).toBe(429);
    expect((await signIn(await loginForm('2001:db8:5:7::1'), world.admin.email, PASSWORD)).statusCode).toBe(303);
  });

  it('does not count successful sign-ins against an address', async () => {
    const office = await loginForm('198.51.100.80');
    for (let i = 0; i < ATTEMPT_LIMITS['sign-in-address'] + 2; i++) {
      const res = await signIn(office, world.member.email, PASSWORD);
      expect(res.statusCode, `sign-in ${i}`).toBe(303);
      await office.get('/');
      expect((await office.post('/logout')).statusCode).toBe(303);
      await office.get('/login');
    }
  });

  it('throttles wrong current passwords on the password change form', async () => {
    const user = await createUser(t.runtime.ctx, { email: 'changer@example.com', firstName: 'C', lastName: '', password: PASSWORD });
    const browser = await DashboardAgent.signedIn(t.app, t.runtime.ctx, user.id);
    await browser.get('/account');
    const change = (current: string) =>
      browser.post('/account/password', { current_password: current, new_password: 'a brand new password', confirm_password: 'a brand new password' });
    const answers = await Promise.all(Array.from({ length: ATTEMPT_LIMITS.password + 3 }, (_, i) => change(`wrong current ${i}`)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    const refused = answers.find((r) => r.statusCode === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many attempts');
    expect((await change(PASSWORD)).statusCode).toBe(429);
  });

  it('throttles member look-ups by email per acting admin', async () => {
    const admin = await createUser(t.runtime.ctx, { email: 'lookup-admin@example.com', firstName: 'L', lastName: '', password: PASSWORD });
    const ws = await createWorld(t.runtime.ctx);
    await addMember(t.runtime.ctx, ws.workspace.id, admin.id, 'admin');
    const browser = await DashboardAgent.signedIn(t.app, t.runtime.ctx, admin.id);
    const url = `/workspaces/${ws.workspace.id}/members`;
    await browser.get(url);
    for (let i = 0; i < ATTEMPT_LIMITS['member-lookup']; i++)
      expect((await browser.post(url, { email: `probe-${i}@example.com`, role: 'member' })).statusCode).toBe(303);
    const refused = await browser.post(url, { email: world.outsider.email, role: 'member' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await getRole(t.runtime.ctx, ws.workspace.id, world.outsider.id)).toBeUndefined();
  });
});
