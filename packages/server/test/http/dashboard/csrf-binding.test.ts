import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../../src/platform/accounts/sessions.js';
import { listWorkspacesForUser } from '../../../src/platform/workspaces/workspaces.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';

const hiddenCsrf = (res: LightMyRequestResponse) => /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
const setCookie = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** docs/dashboard.md, "Security": CSRF tokens are bound to the session, and cookies the server did not issue are never adopted. */
describe.each([
  ['http on loopback', 'http://127.0.0.1:8080', ''],
  ['https', 'https://auth.example.com', '__Host-'],
])('CSRF tokens and cookies (%s)', (_mode, publicUrl, prefix) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  const SESSION = `${prefix}gatehouse_session`;
  const CSRF = `${prefix}gatehouse_csrf`;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PUBLIC_URL: publicUrl });
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  const get = (url: string, cookie = '') => t.app.inject({ url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: form(fields), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });

  it('replaces a planted CSRF cookie instead of adopting it, so a token the attacker read for it is refused', async () => {
    const planted = 'A'.repeat(43);
    // The attacker opens the login page with the value they will plant and reads the token it shows.
    const attackerPage = await get('/login', `${CSRF}=${planted}`);
    const issued = setCookie(attackerPage, CSRF);
    expect(issued?.value).toBeDefined();
    expect(issued!.value).not.toBe(planted);
    // The victim's browser carries the planted cookie; the forged login is refused.
    const forged = await post('/login', `${CSRF}=${planted}`, { _csrf: hiddenCsrf(attackerPage), email: world.outsider.email, password: PASSWORD });
    expect(forged.statusCode).toBe(403);
    expect(setCookie(forged, SESSION)).toBeUndefined();
  });

  it('does not let a token of one session work in another, even with the same CSRF cookie', async () => {
    const login = await get('/login');
    const csrfCookie = `${CSRF}=${setCookie(login, CSRF)!.value}`;
    const attackerSession = `${SESSION}=${await startSession(t.runtime.ctx, world.outsider.id)}`;
    const victimSession = `${SESSION}=${await startSession(t.runtime.ctx, world.admin.id)}`;
    const attackerToken = hiddenCsrf(await get('/', `${csrfCookie}; ${attackerSession}`));
    expect(attackerToken).not.toBe('');
    const forged = await post('/workspaces', `${csrfCookie}; ${victimSession}`, { _csrf: attackerToken, name: 'Forged' });
    expect(forged.statusCode).toBe(403);
    expect((await listWorkspacesForUser(t.runtime.ctx, world.admin.id)).map((w) => w.name)).not.toContain('Forged');
    // The victim's own page gives a token that works.
    const own = hiddenCsrf(await get('/', `${csrfCookie}; ${victimSession}`));
    expect(own).not.toBe(attackerToken);
    expect((await post('/workspaces', `${csrfCookie}; ${victimSession}`, { _csrf: own, name: 'Mine' })).statusCode).toBe(303);
  });

  it('retires the signed-out token at sign-in: the new session needs a token of its own', async () => {
    const login = await get('/login');
    const csrfCookie = `${CSRF}=${setCookie(login, CSRF)!.value}`;
    const signedOutToken = hiddenCsrf(login);
    const signedIn = await post('/login', csrfCookie, { _csrf: signedOutToken, email: world.member.email, password: PASSWORD, return_to: '/' });
    expect(signedIn.statusCode).toBe(303);
    const session = `${SESSION}=${setCookie(signedIn, SESSION)!.value}`;
    expect((await post('/workspaces', `${csrfCookie}; ${session}`, { _csrf: signedOutToken, name: 'Stale token' })).statusCode).toBe(403);
  });

  it(prefix ? 'names cookies __Host-… with Secure, Path=/ and no Domain' : 'names cookies without a prefix and without Secure on loopback', async () => {
    const login = await get('/login');
    const csrf = setCookie(login, CSRF)!;
    const signedIn = await post('/login', `${CSRF}=${csrf.value}`, { _csrf: hiddenCsrf(login), email: world.member.email, password: PASSWORD, return_to: '/' });
    const session = setCookie(signedIn, SESSION)!;
    for (const cookie of [csrf, session]) {
      expect(cookie.path).toBe('/');
      expect(cookie.domain).toBeUndefined();
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      expect(Boolean(cookie.secure)).toBe(Boolean(prefix));
    }
    const names = [...login.cookies, ...signedIn.cookies].map((c) => c.name);
    if (prefix) expect(names.filter((n) => !n.startsWith('__Host-'))).toEqual([]);
  });

  if (prefix) {
    it('ignores unprefixed cookies, which a sibling subdomain or a plain-http page could have planted', async () => {
      const value = await startSession(t.runtime.ctx, world.admin.id);
      const planted = await get('/', `gatehouse_session=${value}`);
      expect(planted.statusCode).toBe(303);
      expect(planted.headers.location).toMatch(/^\/login/);
      const login = await get('/login', `gatehouse_csrf=${'B'.repeat(43)}`);
      expect(setCookie(login, CSRF)).toBeDefined();
    });
  }
});
