import { afterEach, describe, expect, it } from 'vitest';
import { createExampleApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { listenWithCookieClient } from './helpers/cookie-client.js';
import { fakeGatehouse } from './helpers/fake-gatehouse.js';

const config = readConfig({
  CLIENT_ID: 'a'.repeat(64),
  CLIENT_SECRET: 'secret',
  GATEHOUSE_URL: 'http://127.0.0.1:3999',
  REDIRECT_URI: 'http://127.0.0.1:3998/callback',
});
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function start() {
  const gatehouse = fakeGatehouse();
  const client = await listenWithCookieClient(createExampleApp(config, { fetch: gatehouse.fetch }));
  close = client.close;
  const auth = await client.request('/auth');
  const location = new URL(auth.location!);
  gatehouse.state.challenge = location.searchParams.get('code_challenge')!;
  return { ...client, gatehouse, auth, location };
}

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1]!;

describe('example app', () => {
  it('/auth redirects to the consent page with client_id, scopes, redirect_uri, state and an S256 challenge', async () => {
    const { auth, location } = await start();
    expect(auth.status).toBe(302);
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:3999/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe('a'.repeat(64));
    expect(location.searchParams.get('scope')).toBe('sites:read authorized_user:read');
    expect(location.searchParams.get('redirect_uri')).toBe(config.redirectUri);
    expect(location.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('/callback exchanges the code with the PKCE verifier, then /dashboard lists the sites escaped', async () => {
    const { request, location, gatehouse } = await start();
    const callback = await request(`/callback?code=good-code&state=${location.searchParams.get('state')}&iss=http://127.0.0.1:3999`);
    expect(callback).toMatchObject({ status: 303, location: '/dashboard' });
    expect(gatehouse.state.exchanges[0]).toMatchObject({ grant_type: 'authorization_code', redirect_uri: config.redirectUri, client_secret: 'secret' });
    const dashboard = await request('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Marketing &lt;Site&gt;');
    expect(dashboard.text).toContain('demo@gatehouse.local');
  });

  it('/callback refuses a wrong or replayed state, and a foreign iss', async () => {
    const { request, location } = await start();
    expect((await request('/callback?code=good-code&state=forged')).status).toBe(400);
    const state = location.searchParams.get('state');
    expect((await request(`/callback?code=good-code&state=${state}`)).status).toBe(400); // the state was spent
    const again = new URL((await request('/auth')).location!).searchParams.get('state');
    const foreign = await request(`/callback?code=good-code&state=${again}&iss=http://evil.test`);
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('iss mismatch');
  });

  it('/callback tells the user when they declined, and shows other errors', async () => {
    const first = await start();
    const denied = await first.request(`/callback?error=access_denied&state=${first.location.searchParams.get('state')}`);
    expect(denied).toMatchObject({ status: 303, location: '/' });
    expect((await first.request('/')).text).toContain('You declined');
    const again = new URL((await first.request('/auth')).location!);
    const bad = await first.request(`/callback?code=bad&state=${again.searchParams.get('state')}`);
    expect(bad.status).toBe(502);
    expect(bad.text).toContain('invalid_grant');
  });

  it('disconnect needs the CSRF token, revokes, and shows the old token refused', async () => {
    const { request, location, gatehouse } = await start();
    await request(`/callback?code=good-code&state=${location.searchParams.get('state')}`);
    const page = (await request('/dashboard')).text;
    const form = (csrf: string) => ({ method: 'POST', body: new URLSearchParams({ csrf }) });
    expect((await request('/disconnect', form('forged'))).status).toBe(403);
    expect(gatehouse.state.revocations).toBe(0);
    expect(await request('/disconnect', form(csrfOf(page)))).toMatchObject({ status: 303, location: '/' });
    expect(gatehouse.state.revocations).toBe(1);
    expect((await request('/')).text).toContain('Gatehouse now refuses the old token: 401 not_authorized');
    expect((await request('/dashboard')).location).toBe('/');
  });
});
