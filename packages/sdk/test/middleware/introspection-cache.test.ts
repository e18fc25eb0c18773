import { describe, expect, it } from 'vitest';
import type { TokenIntrospection } from '../../src/index.js';
import { BearerGuard } from '../../src/middleware/bearer-guard.js';
import { IntrospectionCache } from '../../src/middleware/introspection-cache.js';

const active = (scope: string, exp?: number): TokenIntrospection => ({
  active: true,
  scope,
  scopes: scope.split(' '),
  clientId: 'c',
  tokenType: 'bearer',
  exp,
  iat: 0,
  sub: 'u',
  siteIds: [],
  workspaceIds: [],
  raw: {},
});

function counting(answer: (token: string) => TokenIntrospection = () => active('sites:read')) {
  const seen: string[] = [];
  return { seen, introspect: async (token: string) => (seen.push(token), answer(token)) };
}

describe('IntrospectionCache', () => {
  it('never holds more than maxEntries answers, dropping the least recently used', async () => {
    const cache = new IntrospectionCache({ ttlMs: 30_000, maxEntries: 2, now: () => 0 });
    const lookup = counting();
    await cache.get('a', lookup.introspect);
    await cache.get('b', lookup.introspect);
    await cache.get('a', lookup.introspect); // a is now the most recent
    await cache.get('c', lookup.introspect); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a', lookup.introspect);
    await cache.get('b', lookup.introspect);
    expect(lookup.seen).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps an answer no longer than the token exp, even within the TTL', async () => {
    let now = 100_000;
    const cache = new IntrospectionCache({ ttlMs: 30_000, maxEntries: 10, now: () => now });
    const lookup = counting(() => active('sites:read', 105));
    await cache.get('t', lookup.introspect);
    now = 104_999;
    await cache.get('t', lookup.introspect);
    now = 105_000;
    await cache.get('t', lookup.introspect);
    expect(lookup.seen).toHaveLength(2);
  });

  it('shares one introspection between overlapping lookups of a token', async () => {
    const cache = new IntrospectionCache({ ttlMs: 30_000, maxEntries: 10, now: () => 0 });
    const lookup = counting();
    await Promise.all([cache.get('t', lookup.introspect), cache.get('t', lookup.introspect), cache.get('t', lookup.introspect)]);
    expect(lookup.seen).toEqual(['t']);
  });

  it('caches nothing when the TTL is 0, and forgets a token on request', async () => {
    const off = new IntrospectionCache({ ttlMs: 0, maxEntries: 10, now: () => 0 });
    const lookup = counting();
    await off.get('t', lookup.introspect);
    await off.get('t', lookup.introspect);
    expect(lookup.seen).toHaveLength(2);
    const on = new IntrospectionCache({ ttlMs: 1000, maxEntries: 10, now: () => 0 });
    await on.get('t', lookup.introspect);
    on.forget('t');
    await on.get('t', lookup.introspect);
    expect(lookup.seen).toHaveLength(4);
  });

  it('does not cache a failed introspection', async () => {
    const cache = new IntrospectionCache({ ttlMs: 1000, maxEntries: 10, now: () => 0 });
    await expect(cache.get('t', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.size).toBe(0);
  });
});

describe('BearerGuard cache bounds', () => {
  it('refuses a TTL above 10 minutes or below 0, and a fractional size', () => {
    const base = { clientId: 'c', clientSecret: 's' };
    expect(() => new BearerGuard({ ...base, cacheTtlMs: 600_001 })).toThrow(RangeError);
    expect(() => new BearerGuard({ ...base, cacheTtlMs: -1 })).toThrow(RangeError);
    expect(() => new BearerGuard({ ...base, cacheMaxEntries: 1.5 })).toThrow(RangeError);
    expect(() => new BearerGuard({ ...base, cacheTtlMs: 600_000 })).not.toThrow();
  });

  it('defaults to a 30 second revocation delay', async () => {
    let now = 0;
    let revoked = false;
    const guard = new BearerGuard({
      clientId: 'c',
      clientSecret: 's',
      now: () => now,
      introspect: async () => (revoked ? { active: false } : active('sites:read')),
    });
    expect((await guard.check('Bearer t', ['sites:read'])).ok).toBe(true);
    revoked = true;
    now = 29_999;
    expect((await guard.check('Bearer t', ['sites:read'])).ok).toBe(true);
    now = 30_000;
    expect((await guard.check('Bearer t', ['sites:read'])).ok).toBe(false);
  });
});
