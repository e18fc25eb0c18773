import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, RATE_WINDOW_MS } from '../../src/platform/caches/rate-limit.js';

describe('in-memory rate limits', () => {
  const start = 100 * RATE_WINDOW_MS;

  it('counts every hit, refusing past the limit, and starts over in the next window', async () => {
    const store = new MemoryRateLimitStore();
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await store.hit('t', 3, start + i));
    expect(seen.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(seen[3]!.retryAfterSeconds).toBe(60);
    expect((await store.hit('t', 3, start + RATE_WINDOW_MS)).remaining).toBe(2);
  });

  it('hitIfAllowedSync counts only what it allows, leaving the refusal to hit()', async () => {
    const store = new MemoryRateLimitStore();
    expect(store.hitIfAllowedSync('t', 2, start)?.remaining).toBe(1);
    expect(store.hitIfAllowedSync('t', 2, start)?.remaining).toBe(0);
    expect(store.hitIfAllowedSync('t', 2, start)).toBeUndefined();
    expect(store.hitIfAllowedSync('t', 2, start)).toBeUndefined();
    // The refusals above were not counted: under a limit of 3 the next hit is the window's third, allowed.
    const third = await store.hit('t', 3, start + 30_000);
    expect([third.allowed, third.remaining]).toEqual([true, 0]);
    const refused = await store.hit('t', 2, start + 30_000);
    expect([refused.allowed, refused.retryAfterSeconds]).toEqual([false, 30]);
    expect(store.hitIfAllowedSync('t', 2, start + RATE_WINDOW_MS)?.remaining).toBe(1);
  });

  it('keeps every counter of the current window past the bound, and forgets past windows at the next sweep', () => {
    const store = new MemoryRateLimitStore(2);
    for (const key of ['a', 'b', 'c', 'd']) store.hitSync(key, 10, start);
    store.hitSync('a', 10, start + 1);
    expect(store.peekSync(['a', 'b', 'c', 'd'], start + 2)).toEqual([2, 1, 1, 1]);
    const next = start + RATE_WINDOW_MS;
    store.hitSync('e', 10, next);
    store.hitSync('a', 10, next);
    expect(store.peekSync(['a', 'b', 'e'], next)).toEqual([1, 0, 1]);
  });
});
