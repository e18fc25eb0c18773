import { describe, expect, it } from 'vitest';
import { GatehouseClient, codeChallengeS256, generateCodeVerifier, generatePkcePair, generateState } from '../../src/index.js';
import { BASE, CLIENT_ID } from '../helpers/fixtures.js';

describe('authorizeURL', () => {
  const client = new GatehouseClient({ baseUrl: BASE, clientId: CLIENT_ID });

  it('builds /oauth/authorize with response_type, client_id, redirect_uri, scope and state', () => {
    const url = new URL(client.authorizeURL({ scope: ['sites:read', 'cms:read'], state: 's1', redirectUri: 'http://127.0.0.1:4000/callback' }));
    expect(url.origin + url.pathname).toBe(`${BASE}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'http://127.0.0.1:4000/callback',
      scope: 'sites:read cms:read',
      state: 's1',
    });
    expect(url.search).toContain('scope=sites%3Aread+cms%3Aread');
  });

  it('adds code_challenge and code_challenge_method=S256 when given a challenge', () => {
    const url = new URL(client.authorizeURL({ scope: 'sites:read', codeChallenge: 'abc' }));
    expect(url.searchParams.get('code_challenge')).toBe('abc');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.has('state')).toBe(false);
  });

  it('uses the authorize base URL, which may differ from the API base URL', () => {
    const split = new GatehouseClient({ authorizeBaseUrl: 'https://auth.example/', apiBaseUrl: 'https://api.example', clientId: CLIENT_ID });
    expect(split.authorizeURL({ scope: [] }).startsWith('https://auth.example/oauth/authorize?')).toBe(true);
  });

  it('refuses to build a URL without a client ID', () => {
    expect(() => new GatehouseClient({ baseUrl: BASE }).authorizeURL({ scope: [] })).toThrow(/clientId/);
  });
});

describe('PKCE helpers', () => {
  it('derives the RFC 7636 appendix B challenge from its verifier', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('generates 43-character base64url verifiers that differ every time', () => {
    const a = generateCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateCodeVerifier()).not.toBe(a);
  });

  it('pairs a verifier with its challenge, and makes random states', async () => {
    const { codeVerifier, codeChallenge } = await generatePkcePair();
    expect(codeChallenge).toBe(await codeChallengeS256(codeVerifier));
    expect(generateState()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
