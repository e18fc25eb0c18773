import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/platform/apps/apps.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, REDIRECT, authorizeQuery, sessionCookie } from './oauth-helpers.js';

describe('GET /oauth/authorize', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const get = (query: string, withSession = true) => t.app.inject({ url: `/oauth/authorize?${query}`, headers: withSession ? { cookie } : {} });
  const redirectParams = (res: { headers: Record<string, unknown> }) => {
    const location = String(res.headers.location);
    expect(location.startsWith(`${REDIRECT}?`)).toBe(true);
    return new URL(location).searchParams;
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  it('answers a 400 page, never a redirect, for a missing or unknown client_id', async () => {
    for (const query of [
      'response_type=code&scope=sites:read',
      'client_id=nope&response_type=code&scope=sites:read',
      `client_id=${world.app.clientId}&client_id=${world.app.clientId}&response_type=code`,
    ]) {
      const res = await get(query);
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('answers a 400 page for a redirect_uri that is not registered exactly (trailing slash, port, case)', async () => {
    for (const uri of [`${REDIRECT}/`, 'https://app.example.com:443/callback', 'https://APP.example.com/callback', 'https://evil.example/callback']) {
      const res = await get(authorizeQuery(world.app, { redirect_uri: uri }));
      expect(res.statusCode, uri).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('uses the only registered redirect URI when redirect_uri is omitted, and refuses when several are registered', async () => {
    const res = await get(authorizeQuery(world.app, { response_type: 'token' }));
    expect(redirectParams(res).get('error')).toBe('unsupported_response_type');
    const { app: multi } = await createApp(t.runtime.ctx, world.workspace.id, {
      name: 'Multi',
      description: '',
      homepage: 'https://m.example.com',
      redirectUris: ['https://m.example.com/a', 'https://m.example.com/b'],
      scopes: ['sites:read'],
    });
    const refused = await get(authorizeQuery(multi));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('several redirect URIs');
  });

  it('redirects unsupported_response_type with state and iss', async () => {
    const params = redirectParams(await get(authorizeQuery(world.app, { response_type: 'token', redirect_uri: REDIRECT, state: 's1' })));
    expect(params.get('error')).toBe('unsupported_response_type');
    expect(params.get('state')).toBe('s1');
    expect(params.get('iss')).toBe(ISSUER);
  });

  it('redirects invalid_scope naming unknown scopes, also for a %2B-joined scope string', async () => {
    const params = redirectParams(await get(authorizeQuery(world.app, { scope: 'sites:read openid' })));
    expect(params.get('error')).toBe('invalid_scope');
    expect(params.get('error_description')).toBe('The following scopes are invalid: openid');
    const joined = redirectParams(await get(`client_id=${world.app.clientId}&response_type=code&scope=sites:read%2Bcms:read`));
    expect(joined.get('error')).toBe('invalid_scope');
    expect(joined.get('error_description')).toContain('sites:read+cms:read');
  });

  it('redirects invalid_scope for an empty or missing scope', async () => {
    expect(redirectParams(await get(`client_id=${world.app.clientId}&response_type=code&scope=`)).get('error')).toBe('invalid_scope');
    expect(redirectParams(await get(`client_id=${world.app.clientId}&response_type=code`)).get('error')).toBe('invalid_scope');
  });

  it('answers a 400 page for known scopes beyond the app registration', async () => {
    const res = await get(authorizeQuery(world.app, { scope: 'sites:read cms:write' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('cms:write');
  });

  it('accepts scopes separated by spaces or +', async () => {
    for (const scope of ['sites%20cms', 'sites+cms']) {
      const res = await get(`client_id=${world.app.clientId}&response_type=code&scope=${scope.replace(/sites/, 'sites:read').replace(/cms$/, 'cms:read')}`);
      expect(res.statusCode).toBe(303);
      expect(String(res.headers.location)).toMatch(/^\/oauth\/authorize\/resume\?interaction=/);
    }
  });

  it('redirects invalid_request when any parameter is given twice', async () => {
    for (const dup of ['state=a&state=b', 'scope=sites:read&scope=cms:read', 'response_type=code&response_type=code', 'code_challenge=x&code_challenge=y']) {
      const res = await get(`client_id=${world.app.clientId}&response_type=code&scope=sites:read&${dup}`.replace('response_type=code&response_type=code&', ''));
      const params = redirectParams(res);
      expect(params.get('error'), dup).toBe('invalid_request');
    }
  });

  it('returns state byte for byte, including unicode, reserved characters and invalid UTF-8', async () => {
    const raw = '%E2%9C%93%20a%2Bb%26c%3Dd%25%FF';
    const res = await get(`client_id=${world.app.clientId}&response_type=token&state=${raw}`);
    const location = String(res.headers.location);
    expect(location).toContain(`state=${raw}`);
    const plus = await get(`client_id=${world.app.clientId}&response_type=token&state=a+b`);
    expect(new URL(String(plus.headers.location)).searchParams.get('state')).toBe('a b');
  });

  it('refuses plain PKCE and malformed challenges, and requires PKCE of public clients', async () => {
    const plain = redirectParams(await get(authorizeQuery(world.app, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })));
    expect(plain.get('error')).toBe('invalid_request');
    const short = redirectParams(await get(authorizeQuery(world.app, { code_challenge: 'abc', code_challenge_method: 'S256' })));
    expect(short.get('error')).toBe('invalid_request');
    const { app: spa } = await createApp(t.runtime.ctx, world.workspace.id, {
      name: 'SPA',
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
      clientType: 'public',
    });
    const res = redirectParams(await get(authorizeQuery(spa)));
    expect(res.get('error')).toBe('invalid_request');
    expect(res.get('error_description')).toContain('PKCE');
  });

  it('never answers a 5xx to malformed queries', async () => {
    const id = world.app.clientId;
    const ugly = [
      '%',
      '%%',
      '&&&',
      '=',
      'client_id',
      `client_id=%FF%FE`,
      `client_id=${id}%00`,
      `client_id=${id}&response_type=code&scope=${'sites:read%20'.repeat(2000)}`,
      `client_id=${id}&response_type=code&scope=sites:read&state=${'x'.repeat(6000)}`,
      `client_id=${id}&response_type=code&scope=%00`,
      `client_id=${id}&redirect_uri=javascript:alert(1)&response_type=code&scope=sites:read`,
      `client_id[]=${id}&response_type=code`,
      `client_id=${id}&response_type=code&scope=sites:read&code_challenge=${'a'.repeat(129)}&code_challenge_method=S256`,
    ];
    for (const query of ugly) {
      const res = await get(query);
      expect(res.statusCode, query.slice(0, 60)).toBeLessThan(500);
    }
  });

  it('sends a signed-out browser to login and resumes the same request afterwards', async () => {
    const res = await get(authorizeQuery(world.app), false);
    expect(res.statusCode).toBe(303);
    const login = new URL(String(res.headers.location), ISSUER);
    expect(login.pathname).toBe('/login');
    const returnTo = login.searchParams.get('return_to')!;
    expect(returnTo).toMatch(/^\/oauth\/authorize\/resume\?interaction=gth_int_/);
    const signedOut = await t.app.inject({ url: returnTo });
    expect(String(signedOut.headers.location)).toBe(String(res.headers.location));
    const resumed = await t.app.inject({ url: returnTo, headers: { cookie } });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.body).toContain('Authorize Test App');
  });

  it('keeps the pending request server-side: an unknown or expired interaction is a 400 page', async () => {
    const res = await t.app.inject({ url: '/oauth/authorize/resume?interaction=gth_int_forged', headers: { cookie } });
    expect(res.statusCode).toBe(400);
    const arr = await t.app.inject({ url: '/oauth/authorize/resume?interaction=a&interaction=b', headers: { cookie } });
    expect(arr.statusCode).toBe(400);
  });
});
