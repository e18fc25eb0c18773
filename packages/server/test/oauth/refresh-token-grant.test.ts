import { describe, expect, it } from 'vitest';
import { InvalidGrant, InvalidRequest, InvalidScope } from '../../src/oauth/errors.js';
import { MemoryRefreshGrantStore, type MemoryRefreshGrant } from '../../src/oauth/grants/memory-grant-stores.js';
import { refreshTokenGrant } from '../../src/oauth/grants/refresh-token.js';
import type { AuthenticatedClient } from '../../src/oauth/grants/types.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const client: AuthenticatedClient = { appId: 'app-1', clientId: 'client-1', clientType: 'confidential', authenticatedWithSecret: true };

function setup() {
  const clock = { now: NOW };
  const store = new MemoryRefreshGrantStore(() => new Date(clock.now));
  const grant = refreshTokenGrant(store);
  const start = (overrides: Partial<MemoryRefreshGrant> = {}) =>
    store.issueRefreshToken({ appId: 'app-1', authorizationId: 'authz-1', scopes: ['sites:read', 'cms:read'], ...overrides });
  return { store, grant, start, clock };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

/** RFC 6749 §6 with rotation (RFC 9700 §4.14.2) against the in-memory store. */
describe('refresh_token grant (oauth/ core)', () => {
  it('rotates: a new access token and a new refresh token, and the old refresh token is spent', async () => {
    const { grant, start, store } = setup();
    const first = start();
    const issued = await grant(client, { refresh_token: first });
    expect(issued.scope).toBe('cms:read sites:read');
    expect(issued.refreshToken).toBeDefined();
    expect(issued.refreshToken).not.toBe(first);
    expect(store.ledger.isActive(issued.accessToken)).toBe(true);
    await expect(grant(client, { refresh_token: issued.refreshToken! })).resolves.toBeDefined();
  });

  it('requires the refresh_token parameter', async () => {
    const { grant } = setup();
    expect(await refusal(grant(client, {}))).toBeInstanceOf(InvalidRequest);
  });

  it('treats a reused refresh token as theft: the whole family and its access tokens are revoked', async () => {
    const { grant, start, store } = setup();
    const first = start();
    const second = await grant(client, { refresh_token: first });
    const replay = await refusal(grant(client, { refresh_token: first }));
    expect((replay as InvalidGrant).description).toMatch(/already used/);
    expect(store.ledger.isActive(second.accessToken)).toBe(false);
    expect(await refusal(grant(client, { refresh_token: second.refreshToken! }))).toBeInstanceOf(InvalidGrant);
  });

  it('narrows the scope on request and refuses to widen it', async () => {
    const { grant, start } = setup();
    expect((await grant(client, { refresh_token: start(), scope: 'sites:read' })).scope).toBe('sites:read');
    expect(await refusal(grant(client, { refresh_token: start(), scope: 'sites:read sites:write' }))).toBeInstanceOf(InvalidScope);
  });

  it("refuses an unknown token, another client's token and an expired one with the same description", async () => {
    const { grant, start, clock } = setup();
    const expiring = start({ expiresAt: new Date(NOW + 1000) });
    const descriptions = [];
    descriptions.push(((await refusal(grant(client, { refresh_token: 'nope' }))) as InvalidGrant).description);
    descriptions.push(((await refusal(grant({ ...client, appId: 'app-9' }, { refresh_token: start() }))) as InvalidGrant).description);
    clock.now = NOW + 1000;
    descriptions.push(((await refusal(grant(client, { refresh_token: expiring }))) as InvalidGrant).description);
    expect(new Set(descriptions).size).toBe(1);
  });

  it('answers a refresh token of a revoked authorization with invalid_grant saying it was revoked', async () => {
    const { grant, start, store } = setup();
    const token = start();
    store.revokeAuthorization('authz-1');
    const err = await refusal(grant(client, { refresh_token: token }));
    expect(err).toBeInstanceOf(InvalidGrant);
    expect((err as InvalidGrant).description).toBe('The authorization this refresh token belongs to was revoked.');
  });
});
