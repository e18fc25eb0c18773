import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/runtime.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, authorizeQuery, hiddenCsrf, setCookies } from './oauth-helpers.js';

describe('login during an authorize request', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  const startLogin = async () => {
    const authorize = await t.app.inject({ url: `/oauth/authorize?${authorizeQuery(world.app, { state: 'keep me' })}` });
    const loginUrl = String(authorize.headers.location);
    const page = await t.app.inject({ url: loginUrl });
    return { returnTo: new URL(loginUrl, ISSUER).searchParams.get('return_to')!, cookie: setCookies(page), csrf: hiddenCsrf(page.body) };
  };
  const postLogin = (login: Awaited<ReturnType<typeof startLogin>>, email: string, password: string, csrf = login.csrf) =>
    t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, return_to: login.returnTo, email, password }).toString(),
    });

  it('signs in with a session cookie (HttpOnly, SameSite=Lax, not Secure on loopback) and resumes the parked request', async () => {
    const login = await startLogin();
    const res = await postLogin(login, world.admin.email, PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(login.returnTo);
    const session = res.cookies.find((c) => c.name === 'gatehouse_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(session.secure).toBeFalsy();
    const consent = await t.app.inject({ url: login.returnTo, headers: { cookie: `${login.cookie}; gatehouse_session=${session.value}` } });
    expect(consent.statusCode).toBe(200);
    expect(consent.body).toContain('Authorize Test App');
  });

  it('refuses a login without the CSRF token', async () => {
    const login = await startLogin();
    expect((await postLogin(login, world.admin.email, PASSWORD, 'forged')).statusCode).toBe(403);
  });

  it('throttles after repeated failures, even with the right password', async () => {
    const login = await startLogin();
    for (let i = 0; i < 5; i++) expect((await postLogin(login, world.member.email, 'wrong password!')).statusCode).toBe(401);
    const locked = await postLogin(login, world.member.email, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('uses a Secure session cookie when PUBLIC_URL is not loopback', async () => {
    const remote = await createTestApp('sqlite', { PUBLIC_URL: 'https://auth.example.com' });
    try {
      const w = await createWorld(remote.runtime.ctx);
      const page = await remote.app.inject({ url: '/login' });
      const res = await remote.app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: setCookies(page), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: hiddenCsrf(page.body), return_to: '/', email: w.admin.email, password: PASSWORD }).toString(),
      });
      expect(res.cookies.find((c) => c.name === '__Host-gatehouse_session')?.secure).toBe(true);
    } finally {
      await remote.close();
    }
  });
});
