import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameOriginPath } from '../../../src/http/same-origin-path.js';
import { PASSWORD, createWorld, type World } from '../../support/fixtures.js';
import { REFUSED_RETURN_TO, SAME_ORIGIN_RETURN_TO } from '../../support/redirect-attacks.js';
import { createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

const refused = REFUSED_RETURN_TO.map(([label, encoded]) => [label, encoded.replaceAll('HOST', 'evil.example')] as const);
const hiddenReturnTo = (res: LightMyRequestResponse) => /name="return_to" value="([^"]*)"/.exec(res.body)?.[1];

describe('return_to and other redirect targets', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let signedIn: DashboardAgent;
  let address = 0;
  // Sign-up is throttled per address: each attempt comes from an address of its own.
  const nextAddress = () => `192.0.2.${++address}`;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    w = await createWorld(t.runtime.ctx);
    signedIn = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
  });
  afterAll(() => t.close());

  const login = async (encoded: string) => {
    const agent = new DashboardAgent(t.app, nextAddress());
    const page = await agent.get(`/login?return_to=${encoded}`);
    expect(page.statusCode).toBe(200);
    const res = await agent.post('/login', { return_to: decodeURIComponent(encoded), email: w.admin.email, password: PASSWORD });
    return { page, res };
  };
  const signup = async (encoded: string) => {
    const agent = new DashboardAgent(t.app, nextAddress());
    const page = await agent.get(`/signup?return_to=${encoded}`);
    expect(page.statusCode).toBe(200);
    const email = `new-${address}@example.com`;
    const signedUp = await agent.post('/signup', {
      return_to: decodeURIComponent(encoded),
      email,
      first_name: 'New',
      last_name: 'User',
      password: 'a long enough password',
    });
    // Sign-up sends every address on to sign in (docs/dashboard.md), carrying return_to along.
    expect(signedUp.statusCode).toBe(303);
    const location = new URL(String(signedUp.headers.location), 'http://127.0.0.1');
    expect(location.pathname).toBe('/login');
    const returnTo = location.searchParams.get('return_to') ?? '';
    expect(hiddenReturnTo(await agent.get(location.pathname + location.search))).toBeDefined();
    const res = await agent.post('/login', { return_to: returnTo, email, password: 'a long enough password' });
    return { page, res };
  };

  describe.each(refused)('falls back to / for %s', (_label, encoded) => {
    it('on GET /login and GET /signup while signed in', async () => {
      for (const path of ['/login', '/signup']) {
        const res = await signedIn.get(`${path}?return_to=${encoded}`);
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/');
      }
    });

    it('in the login form and after POST /login', async () => {
      const { page, res } = await login(encoded);
      expect(hiddenReturnTo(page)).toBe('/');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });

    it('in the sign-up form and after POST /signup', async () => {
      const { page, res } = await signup(encoded);
      expect(hiddenReturnTo(page)).toBe('/');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });
  });

  it.each(SAME_ORIGIN_RETURN_TO)('keeps the same-origin path %s', async (encoded, decoded) => {
    expect((await signedIn.get(`/login?return_to=${encoded}`)).headers.location).toBe(decoded);
    expect((await login(encoded)).res.headers.location).toBe(decoded);
    expect((await signup(encoded)).res.headers.location).toBe(decoded);
  });

  it('sends a signed-out visitor of a dashboard page to login with that page to come back to', async () => {
    const res = await t.app.inject({ url: '/account?x=%0D%0A' });
    expect(res.statusCode).toBe(303);
    const back = new URL(String(res.headers.location), 'http://127.0.0.1').searchParams.get('return_to');
    expect(back).toBe('/account?x=%0D%0A');
    // That target is a same-origin path with an encoded CR LF in its query: kept, and harmless in a header.
    expect(sameOriginPath(back)).toBe(back);
  });

  it('accepts only strings', () => {
    for (const value of [undefined, null, 42, ['/a'], { a: 1 }]) expect(sameOriginPath(value)).toBe('/');
    expect(sameOriginPath('//evil.example', '/login')).toBe('/login');
  });
});
