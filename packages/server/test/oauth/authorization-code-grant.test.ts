import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidGrant, InvalidRequest } from '../../src/oauth/errors.js';
import { authorizationCodeGrant } from '../../src/oauth/grants/authorization-code.js';
import { MemoryCodeGrantStore, type MemoryCode } from '../../src/oauth/grants/memory-grant-stores.js';
import type { AuthenticatedClient } from '../../src/oauth/grants/types.js';

const REDIRECT = 'https://app.example.com/callback';
const NOW = Date.parse('2030-01-01T00:00:00Z');
const confidential: AuthenticatedClient = { appId: 'app-1', clientId: 'client-1', clientType: 'confidential', authenticatedWithSecret: true };
const publicClient: AuthenticatedClient = { appId: 'app-2', clientId: 'client-2', clientType: 'public', authenticatedWithSecret: false };

function setup(now = NOW) {
  const store = new MemoryCodeGrantStore();
  store.registerApp('app-1', [REDIRECT, 'https://app.example.com/other']);
  const clock = { now };
  const grant = authorizationCodeGrant(store, () => new Date(clock.now));
  const code = (overrides: Partial<MemoryCode> = {}) =>
    store.issueCode({
      appId: 'app-1',
      authorizationId: 'authz-1',
      scopes: ['sites:read'],
      redirectUri: REDIRECT,
      expiresAt: new Date(NOW + 15 * 60_000),
      ...overrides,
    });
  return { store, grant, code, clock };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

/** RFC 6749 §4.1.3 against the in-memory store: the core's rules, with no database and no HTTP. */
describe('authorization_code grant (oauth/ core)', () => {
  it('exchanges a code once for an access token with the granted scope', async () => {
    const { grant, code, store } = setup();
    const issued = await grant(confidential, { code: code(), redirect_uri: REDIRECT });
    expect(issued.scope).toBe('sites:read');
    expect(store.ledger.isActive(issued.accessToken)).toBe(true);
  });

  it('requires the code parameter', async () => {
    const { grant } = setup();
    expect(await refusal(grant(confidential, {}))).toBeInstanceOf(InvalidRequest);
  });

  it('refuses an unknown code and a code issued to another client alike', async () => {
    const { grant, code } = setup();
    const unknown = await refusal(grant(confidential, { code: 'nope', redirect_uri: REDIRECT }));
    const otherClient = await refusal(grant({ ...confidential, appId: 'app-9' }, { code: code(), redirect_uri: REDIRECT }));
    expect(unknown).toBeInstanceOf(InvalidGrant);
    expect((otherClient as InvalidGrant).description).toBe((unknown as InvalidGrant).description);
  });

  it('refuses a second use and revokes the token the first use issued (RFC 6749 §4.1.2)', async () => {
    const { grant, code, store } = setup();
    const value = code();
    const first = await grant(confidential, { code: value, redirect_uri: REDIRECT });
    const second = await refusal(grant(confidential, { code: value, redirect_uri: REDIRECT }));
    expect((second as InvalidGrant).description).toMatch(/already used/);
    expect(store.ledger.isActive(first.accessToken)).toBe(false);
  });

  it('lets exactly one of concurrent redemptions of one code succeed, and then revokes it', async () => {
    const { grant, code, store } = setup();
    const value = code();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => grant(confidential, { code: value, redirect_uri: REDIRECT })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(store.ledger.isActive((won[0] as PromiseFulfilledResult<{ accessToken: string }>).value.accessToken)).toBe(false);
  });

  it('refuses a code at its expiry instant, and accepts it a millisecond before', async () => {
    const { grant, code, clock } = setup();
    const value = code({ expiresAt: new Date(NOW + 1000) });
    clock.now = NOW + 1000;
    expect(await refusal(grant(confidential, { code: value, redirect_uri: REDIRECT }))).toBeInstanceOf(InvalidGrant);
    clock.now = NOW + 999;
    await expect(grant(confidential, { code: code({ expiresAt: new Date(NOW + 1000) }), redirect_uri: REDIRECT })).resolves.toBeDefined();
  });

  it('requires the redirect_uri the authorize request named, exactly', async () => {
    const { grant, code } = setup();
    for (const sent of [undefined, `${REDIRECT}/`, 'https://app.example.com/other']) {
      const params: Record<string, string> = { code: code() };
      if (sent !== undefined) params.redirect_uri = sent;
      expect(await refusal(grant(confidential, params)), String(sent)).toBeInstanceOf(InvalidGrant);
    }
  });

  it('accepts no redirect_uri or a registered one when the authorize request named none', async () => {
    const { grant, code } = setup();
    await expect(grant(confidential, { code: code({ redirectUri: null }) })).resolves.toBeDefined();
    await expect(grant(confidential, { code: code({ redirectUri: null }), redirect_uri: 'https://app.example.com/other' })).resolves.toBeDefined();
    expect(await refusal(grant(confidential, { code: code({ redirectUri: null }), redirect_uri: 'https://evil.example/cb' }))).toBeInstanceOf(InvalidGrant);
  });

  it('checks PKCE (RFC 7636 §4.6): the right verifier passes, a wrong or missing one fails', async () => {
    const { grant, code } = setup();
    const { verifier, challenge } = pkce();
    await expect(grant(confidential, { code: code({ codeChallenge: challenge }), redirect_uri: REDIRECT, code_verifier: verifier })).resolves.toBeDefined();
    expect(
      await refusal(grant(confidential, { code: code({ codeChallenge: challenge }), redirect_uri: REDIRECT, code_verifier: pkce().verifier })),
    ).toBeInstanceOf(InvalidGrant);
    expect(await refusal(grant(confidential, { code: code({ codeChallenge: challenge }), redirect_uri: REDIRECT }))).toBeInstanceOf(InvalidGrant);
    expect(await refusal(grant(confidential, { code: code(), redirect_uri: REDIRECT, code_verifier: verifier }))).toBeInstanceOf(InvalidGrant);
  });

  it('requires PKCE from a public client', async () => {
    const { grant, code, store } = setup();
    store.registerApp('app-2', [REDIRECT]);
    const { verifier, challenge } = pkce();
    expect(((await refusal(grant(publicClient, { code: code({ appId: 'app-2' }), redirect_uri: REDIRECT }))) as InvalidGrant).description).toMatch(/PKCE/);
    await expect(
      grant(publicClient, { code: code({ appId: 'app-2', codeChallenge: challenge }), redirect_uri: REDIRECT, code_verifier: verifier }),
    ).resolves.toBeDefined();
  });

  it('answers a code of a revoked authorization with invalid_grant saying it was revoked', async () => {
    const { grant, code, store } = setup();
    const value = code();
    store.revokeAuthorization('authz-1');
    const err = await refusal(grant(confidential, { code: value, redirect_uri: REDIRECT }));
    expect(err).toBeInstanceOf(InvalidGrant);
    expect((err as InvalidGrant).description).toBe('The authorization this code was issued under was revoked.');
  });
});
