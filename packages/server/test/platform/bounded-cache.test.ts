import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/platform/caches/bounded-cache.js';
import { createNodeCaches } from '../../src/platform/caches/node-caches.js';
import { PlatformEvents } from '../../src/platform/caches/events.js';

describe('the bounded cache every node cache is made of', () => {
  it('drops by tag exactly the entries that carry it, and keeps the rest', () => {
    const cache = new BoundedCache<string>({ maxEntries: 100, ttlMs: 1_000 });
    cache.set('a', 'A', ['token:1', 'authorization:x']);
    cache.set('b', 'B', ['token:2', 'authorization:x']);
    cache.set('c', 'C', ['token:3', 'authorization:y']);
    cache.invalidateTags(['authorization:x']);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, undefined, 'C']);
    cache.invalidateKeys(['c']);
    expect(cache.size).toBe(0);
  });

  it('expires entries after the TTL and drops the oldest beyond the bound, tags included', () => {
    let now = 0;
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.set('1', 1, ['t:1']);
    cache.set('2', 2, ['t:2']);
    cache.set('3', 3, ['t:1']);
    expect([cache.get('1'), cache.get('2'), cache.get('3')]).toEqual([undefined, 2, 3]);
    cache.invalidateTags(['t:1']);
    expect([cache.get('2'), cache.get('3')]).toEqual([2, undefined]);
    now = 100;
    expect(cache.get('2')).toBeUndefined();
  });

  it('keeps no answer read across an invalidation, and stores nothing when sized 0', async () => {
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 1_000 });
    const loading = cache.getOrLoad('k', async () => {
      cache.invalidateTags(['token:elsewhere']);
      return { value: 'v', tags: [] };
    });
    expect(await loading).toBe('v');
    expect(cache.get('k')).toBeUndefined();
    const off = new BoundedCache<string>({ maxEntries: 0, ttlMs: 1_000 });
    off.set('k', 'v', []);
    expect(off.size).toBe(0);
  });

  it('revocation costs the same with 1 or 100,000 unrelated entries: only the tagged entry is visited', () => {
    const events = new PlatformEvents();
    const caches = createNodeCaches(events, { sizes: { tokens: 200_000, sites: 10, clients: 10, lists: 10 }, now: Date.now });
    const principal = (i: number) => ({ tokenId: `t${i}` }) as never;
    for (let i = 0; i < 100_000; i++) caches.tokens.set(`d${i}`, principal(i), [`token:t${i}`, `authorization:a${i % 1000}`]);
    const visited = { count: 0 };
    const originalGet = Map.prototype.get;
    // Count the entry lookups one revocation makes: a scan would visit every entry.
    Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
      visited.count++;
      return originalGet.call(this, key);
    };
    try {
      events.emit('revoked', { tokenIds: ['t5'] });
    } finally {
      Map.prototype.get = originalGet;
    }
    expect(visited.count).toBeLessThan(10);
    expect(caches.tokens.get('d5')).toBeUndefined();
    expect(caches.tokens.size).toBe(99_999);
    events.emit('revoked', { authorizationIds: ['a7'] });
    expect(caches.tokens.size).toBe(99_899);
    caches.close();
  });
});
