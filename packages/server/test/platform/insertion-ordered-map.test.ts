import { describe, expect, it } from 'vitest';
import { InsertionOrderedMap } from '../../src/insertion-ordered-map.js';

describe('the map the bounded memories forget their oldest entry from', () => {
  it('names the oldest key through stores, re-stores and deletions anywhere in the order', () => {
    const map = new InsertionOrderedMap<string, number>();
    expect(map.oldestKey()).toBeUndefined();
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      map.set(k, v);
    expect(map.oldestKey()).toBe('a');
    map.set('a', 10);
    expect([map.oldestKey(), map.get('a'), map.size]).toEqual(['b', 10, 3]);
    expect(map.delete('c')).toBe(true);
    expect(map.delete('c')).toBe(false);
    map.delete('b');
    expect(map.oldestKey()).toBe('a');
    map.delete('a');
    expect([map.oldestKey(), map.size]).toEqual([undefined, 0]);
    map.set('d', 4);
    expect(map.oldestKey()).toBe('d');
    map.clear();
    expect([map.oldestKey(), map.get('d'), map.size]).toEqual([undefined, undefined, 0]);
  });

  it('keeps the order of a queue that drops its oldest on every store', () => {
    const map = new InsertionOrderedMap<number, number>();
    for (let i = 0; i < 1_000; i++) {
      map.set(i, i);
      if (map.size > 10) map.delete(map.oldestKey()!);
    }
    expect([map.size, map.oldestKey(), map.get(989), map.get(990)]).toEqual([10, 990, undefined, 990]);
  });
});
