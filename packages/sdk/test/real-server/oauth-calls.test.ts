import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseClient, OAuthError } from '../../src/index.js';
import { authorizeThroughForms, demoAccessToken } from '../support/consent-flow.js';
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse-process.js';

describe('SDK OAuth calls against a running Gatehouse', () => {
  let gatehouse: RunningGatehouse;
  let client: GatehouseClient;

  beforeAll(async () => {
    gatehouse = await startGatehouse({ REFRESH_TOKENS: 'true' });
    client = new GatehouseClient({ baseUrl: gatehouse.url, clientId: gatehouse.demo.clientId, clientSecret: gatehouse.demo.clientSecret });
  });
  afterAll(() => gatehouse?.stop());

  it('authorizeURL leads to consent, which redirects back with code, state and iss', async () => {
    const { redirect, state } = await authorizeThroughForms(gatehouse, client, { scope: ['sites:read'], target: { sites: ['Marketing Site'] } });
    expect(redirect.origin + redirect.pathname).toBe(gatehouse.demo.redirectUri);
    expect(redirect.searchParams.get('state')).toBe(state);
    expect(redirect.searchParams.get('iss')).toBe(gatehouse.url);
    expect(redirect.searchParams.get('code')).toBeTruthy();
  });

  it('a denial comes back as access_denied with the state', async () => {
    const { redirect, state } = await authorizeThroughForms(gatehouse, client, { scope: ['sites:read'], target: 'workspace', decision: 'deny' });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(state);
  });

  it('getAccessToken exchanges the code with the PKCE verifier; the code is single use', async () => {
    const { redirect, codeVerifier } = await authorizeThroughForms(gatehouse, client, { scope: ['sites:read'], target: { sites: ['Docs Site'] } });
    const code = redirect.searchParams.get('code')!;
    const token = await client.getAccessToken({ code, redirectUri: gatehouse.demo.redirectUri, codeVerifier });
    expect(token).toMatchObject({ tokenType: 'bearer', scope: 'sites:read' });
    expect(token.accessToken).toBeTruthy();
    const again = await client.getAccessToken({ code, redirectUri: gatehouse.demo.redirectUri, codeVerifier }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(OAuthError);
    expect(again).toMatchObject({ status: 400, code: 'invalid_grant' });
  });

  it('getAccessToken fails with invalid_grant for a wrong verifier and invalid_client (401) for a wrong secret', async () => {
    const first = await authorizeThroughForms(gatehouse, client, { scope: ['sites:read'], target: 'workspace' });
    const code = first.redirect.searchParams.get('code')!;
    await expect(client.getAccessToken({ code, redirectUri: gatehouse.demo.redirectUri, codeVerifier: 'x'.repeat(43) })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_grant',
    });
    const wrong = new GatehouseClient({ baseUrl: gatehouse.url, clientId: gatehouse.demo.clientId, clientSecret: 'gth_cs_wrong' });
    await expect(wrong.getAccessToken({ code: 'anything' })).rejects.toMatchObject({ status: 401, code: 'invalid_client' });
  });

  it('introspect describes an active token, and refreshAccessToken rotates the refresh token', async () => {
    const token = await demoAccessToken(gatehouse, client, { scope: ['sites:read', 'authorized_user:read'], target: { sites: ['Marketing Site'] } });
    expect(token.refreshToken).toBeTruthy();
    expect(token.expiresIn).toBeGreaterThan(0);
    const info = await client.introspect(token.accessToken);
    expect(info).toMatchObject({ active: true, clientId: gatehouse.demo.clientId, tokenType: 'bearer' });
    if (!info.active) throw new Error('inactive');
    expect(info.scopes.sort()).toEqual(['authorized_user:read', 'sites:read']);
    expect(info.siteIds).toHaveLength(1);
    const next = await client.refreshAccessToken(token.refreshToken!);
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(next.refreshToken).not.toBe(token.refreshToken);
    await expect(client.refreshAccessToken(token.refreshToken!)).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(await client.introspect('gth_at_not_a_token')).toEqual({ active: false });
  });

  it('revokeToken revokes: did_revoke, introspection inactive, the Data API answers 401', async () => {
    const token = await demoAccessToken(gatehouse, client, { scope: ['sites:read'], target: 'workspace' });
    const api = client.withAccessToken(token.accessToken);
    expect((await api.sites.list()).sites.length).toBeGreaterThan(0);
    expect(await client.revokeToken(token.accessToken)).toBe(true);
    expect(await client.introspect(token.accessToken)).toEqual({ active: false });
    await expect(api.sites.list()).rejects.toMatchObject({ status: 401, code: 'not_authorized' });
  });

  it('revokeToken with rfc7009 revokes a refresh token', async () => {
    const token = await demoAccessToken(gatehouse, client, { scope: ['sites:read'], target: 'workspace' });
    expect(await client.revokeToken(token.refreshToken!, { rfc7009: true, tokenTypeHint: 'refresh_token' })).toBe(true);
    await expect(client.refreshAccessToken(token.refreshToken!)).rejects.toMatchObject({ code: 'invalid_grant' });
  });
});
