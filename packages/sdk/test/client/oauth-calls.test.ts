import { describe, expect, it } from 'vitest';
import { GatehouseClient, OAuthError } from '../../src/index.js';
import { fakeFetch, jsonBody } from '../helpers/fake-fetch.js';
import { ACCESS_TOKEN, BASE, CLIENT_ID, CLIENT_SECRET } from '../helpers/fixtures.js';

const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

function clientWith(answers: Parameters<typeof fakeFetch>[0]) {
  const fake = fakeFetch(answers);
  return { client: new GatehouseClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: fake.fetch }), ...fake };
}

describe('getAccessToken', () => {
  it('posts the code, redirect URI, verifier and client credentials as JSON and camel-cases the answer', async () => {
    const { client, requests } = clientWith([{ json: { access_token: ACCESS_TOKEN, token_type: 'bearer', scope: 'sites:read' } }]);
    const token = await client.getAccessToken({ code: 'c1', redirectUri: 'http://127.0.0.1:4000/cb', codeVerifier: 'v1' });
    expect(token).toEqual({ accessToken: ACCESS_TOKEN, tokenType: 'bearer', scope: 'sites:read' });
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.url.href).toBe(`${BASE}/oauth/access_token`);
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(jsonBody(requests[0])).toEqual({
      grant_type: 'authorization_code',
      code: 'c1',
      redirect_uri: 'http://127.0.0.1:4000/cb',
      code_verifier: 'v1',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('returns refreshToken and expiresIn when the server issues expiring tokens', async () => {
    const { client } = clientWith([{ json: { access_token: 'a', token_type: 'bearer', scope: '', refresh_token: 'r', expires_in: 3600 } }]);
    expect(await client.getAccessToken({ code: 'c' })).toMatchObject({ refreshToken: 'r', expiresIn: 3600 });
  });

  it('throws an OAuthError carrying the RFC 6749 error code, description and status', async () => {
    const { client } = clientWith([{ status: 400, json: { error: 'invalid_grant', error_description: 'The code was already used' } }]);
    const err = await client.getAccessToken({ code: 'used' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_grant', message: 'The code was already used' });
  });
});

describe('refreshAccessToken', () => {
  it('posts grant_type=refresh_token with the refresh token', async () => {
    const { client, requests } = clientWith([{ json: { access_token: 'a2', token_type: 'bearer', scope: 'sites:read', refresh_token: 'r2' } }]);
    expect((await client.refreshAccessToken('r1')).refreshToken).toBe('r2');
    expect(jsonBody(requests[0])).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'r1', client_id: CLIENT_ID });
  });
});

describe('revokeToken', () => {
  it('posts client credentials and the token to /oauth/revoke_authorization and reads did_revoke', async () => {
    const { client, requests } = clientWith([{ json: { did_revoke: true } }]);
    expect(await client.revokeToken(ACCESS_TOKEN)).toBe(true);
    expect(requests[0]!.url.pathname).toBe('/oauth/revoke_authorization');
    expect(jsonBody(requests[0])).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, access_token: ACCESS_TOKEN });
  });

  it('uses RFC 7009 /oauth/revoke with Basic client auth when asked', async () => {
    const { client, requests } = clientWith([{ text: '' }]);
    expect(await client.revokeToken('r1', { rfc7009: true, tokenTypeHint: 'refresh_token' })).toBe(true);
    expect(requests[0]!.url.pathname).toBe('/oauth/revoke');
    expect(requests[0]!.headers.get('authorization')).toBe(basic);
    expect(Object.fromEntries(new URLSearchParams(requests[0]!.body))).toEqual({ token: 'r1', token_type_hint: 'refresh_token' });
  });

  it('throws invalid_client with status 401 on wrong credentials', async () => {
    const { client } = clientWith([{ status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } }]);
    await expect(client.revokeToken(ACCESS_TOKEN)).rejects.toMatchObject({ status: 401, code: 'invalid_client' });
  });

  it('needs the client secret', async () => {
    const client = new GatehouseClient({ baseUrl: BASE, clientId: CLIENT_ID });
    await expect(client.revokeToken(ACCESS_TOKEN)).rejects.toThrow(/clientSecret/);
  });
});

describe('introspect', () => {
  it('posts the token as a form with Basic client auth and reads an active answer', async () => {
    const wire = { active: true, scope: 'sites:read cms:read', client_id: CLIENT_ID, token_type: 'bearer', iat: 1, sub: 'u1', site_ids: ['s1'] };
    const { client, requests } = clientWith([{ json: wire }]);
    const info = await client.introspect(ACCESS_TOKEN);
    expect(requests[0]!.url.pathname).toBe('/oauth/introspect');
    expect(requests[0]!.headers.get('authorization')).toBe(basic);
    expect(requests[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(requests[0]!.body).get('token')).toBe(ACCESS_TOKEN);
    expect(info).toEqual({
      active: true,
      scope: 'sites:read cms:read',
      scopes: ['sites:read', 'cms:read'],
      clientId: CLIENT_ID,
      tokenType: 'bearer',
      exp: undefined,
      iat: 1,
      sub: 'u1',
      siteIds: ['s1'],
      workspaceIds: [],
      raw: wire,
    });
  });

  it('reads {"active": false} as inactive', async () => {
    const { client } = clientWith([{ json: { active: false } }]);
    expect(await client.introspect('nope')).toEqual({ active: false });
  });
});
