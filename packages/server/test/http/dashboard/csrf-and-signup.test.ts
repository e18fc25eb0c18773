import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWorkspacesForUser } from '../../../src/platform/workspaces/workspaces.js';
import { authenticateUser, findUserByEmail } from '../../../src/platform/accounts/users.js';
import { createWorld, PASSWORD, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe.each(backends())('dashboard forms on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
  });
  afterAll(() => t.close());

  it('refuses a POST without the CSRF token with a 403 page and changes nothing', async () => {
    const res = await admin.post('/workspaces', { name: 'Forged' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Form expired');
    const forged = await admin.post('/workspaces', { name: 'Forged', _csrf: 'A'.repeat(43) }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await listWorkspacesForUser(t.runtime.ctx, world.admin.id)).map((w) => w.name)).not.toContain('Forged');
  });

  it('refuses a CSRF token from another browser', async () => {
    const other = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
    const res = await admin.post(`/workspaces/${world.workspace.id}/settings`, { name: 'Hijacked', _csrf: other.csrf }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it('serves every page unframeable, uncached and without outside scripts', async () => {
    for (const url of [
      '/',
      `/workspaces/${world.workspace.id}`,
      `/sites/${world.siteA.id}/api-access`,
      `/apps/${world.app.id}`,
      '/account',
      `/workspaces/${world.workspace.id}/audit`,
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
    }
  });

  it('creates an account on /signup, which then signs in', async () => {
    const visitor = new DashboardAgent(t.app);
    expect((await visitor.get('/signup')).statusCode).toBe(200);
    const res = await visitor.post('/signup', { email: 'New.Person@Example.com', first_name: 'Zoë', last_name: 'Ünïcode', password: 'a long enough password' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?return_to=%2F&done=signed-up');
    expect(res.cookies.map((c) => c.name)).not.toContain('gatehouse_session');
    expect((await visitor.get(res.headers.location as string)).body).toContain('Sign-up received');
    const login = await visitor.post('/login', { email: 'new.person@example.com', password: 'a long enough password', return_to: '/' });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/');
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('new.person@example.com');
    expect((await findUserByEmail(t.runtime.ctx, 'new.person@example.com'))?.firstName).toBe('Zoë');
  });

  it('shows inline messages for a short password', async () => {
    const visitor = new DashboardAgent(t.app);
    await visitor.get('/signup');
    const short = await visitor.post('/signup', { email: 'short@example.com', first_name: 'S', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Password must be at least 10 characters');
    expect(short.body).toContain('value="short@example.com"');
  });

  it('answers a sign-up with a taken email exactly as one with a new email, and leaves the account alone', async () => {
    const answer = async (email: string) => {
      const visitor = new DashboardAgent(t.app, '192.0.2.44');
      await visitor.get('/signup');
      const res = await visitor.post('/signup', { email, first_name: 'T', password: 'a long enough password' });
      return { status: res.statusCode, location: res.headers.location, cookies: res.cookies.map((c) => c.name), body: res.body };
    };
    const fresh = await answer('never-seen-before@example.com');
    // The same address written another way (fullwidth letters, upper case) is the same account.
    for (const taken of [world.admin.email, world.admin.email.toUpperCase(), world.admin.email.replace('a', 'ａ')]) {
      expect(await answer(taken), taken).toEqual(fresh);
    }
    expect(fresh.status).toBe(303);
    const admin = await findUserByEmail(t.runtime.ctx, world.admin.email);
    expect(admin?.firstName).toBe(world.admin.firstName);
    expect(await authenticateUser(t.runtime.ctx, world.admin.email, PASSWORD)).toBeDefined();
    expect(await authenticateUser(t.runtime.ctx, world.admin.email, 'a long enough password')).toBeUndefined();
  });

  it('throttles sign-up per address: ten attempts in 15 minutes, then 429 with Retry-After', async () => {
    const bot = new DashboardAgent(t.app, '198.51.100.7');
    await bot.get('/signup');
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      // Failed and successful attempts count alike: each one hashes a password.
      const password = i % 2 ? 'short' : 'a long enough password';
      statuses.push((await bot.post('/signup', { email: `bot-${i}@example.com`, first_name: 'Bot', password })).statusCode);
    }
    expect(statuses).toEqual([303, 400, 303, 400, 303, 400, 303, 400, 303, 400]);
    const refused = await bot.post('/signup', { email: 'bot-10@example.com', first_name: 'Bot', password: 'a long enough password' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many sign-ups from your network');
    expect(refused.body).toContain('value="bot-10@example.com"');
    expect(await findUserByEmail(t.runtime.ctx, 'bot-10@example.com')).toBeUndefined();
    const neighbour = new DashboardAgent(t.app, '198.51.100.8');
    await neighbour.get('/signup');
    expect((await neighbour.post('/signup', { email: 'neighbour@example.com', first_name: 'N', password: 'a long enough password' })).statusCode).toBe(303);
  });

  it('answers 400, not 500, to duplicated fields, JSON bodies and huge bodies', async () => {
    const dup = await admin.post('/workspaces', { name: ['One', 'Two'] });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('more than once');
    const json = await admin.raw({
      method: 'POST',
      url: '/workspaces',
      payload: JSON.stringify({ name: 'J', _csrf: admin.csrf }),
      contentType: 'application/json',
    });
    expect(json.statusCode).toBe(415);
    const text = await admin.raw({ method: 'POST', url: '/workspaces', payload: 'name=x', contentType: 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toContain('text/html');
    const huge = await admin.post('/workspaces', { name: 'x'.repeat(300 * 1024) });
    expect(huge.statusCode).toBe(413);
  });

  it('changes the password after checking the current one', async () => {
    const wrong = await admin.post('/account/password', {
      current_password: 'nope',
      new_password: 'another long password',
      confirm_password: 'another long password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Current password is wrong');
    const mismatch = await admin.post('/account/password', {
      current_password: PASSWORD,
      new_password: 'another long password',
      confirm_password: 'different',
    });
    expect(mismatch.body).toContain('The two new passwords differ');
    const ok = await admin.post('/account/password', {
      current_password: PASSWORD,
      new_password: 'another long password',
      confirm_password: 'another long password',
    });
    expect(ok.statusCode).toBe(303);
    expect((await admin.get(ok.headers.location as string)).body).toContain('Your password was changed');
  });
});

describe('sign-up switched off (SIGNUP_ENABLED=false)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { SIGNUP_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('hides the sign-up link and refuses GET and POST /signup with 404', async () => {
    const visitor = new DashboardAgent(t.app);
    expect((await visitor.get('/login')).body).not.toContain('/signup');
    expect((await visitor.get('/signup')).statusCode).toBe(404);
    const res = await visitor.post('/signup', { email: 'x@example.com', first_name: 'X', password: 'a long enough password' });
    expect(res.statusCode).toBe(404);
    expect(await findUserByEmail(t.runtime.ctx, 'x@example.com')).toBeUndefined();
  });
});
