import { describe, expect, it } from 'vitest';
import { OBJECT_ID, newId } from '../../src/crypto/ids.js';

describe('object ids', () => {
  it('are Webflow-shaped and begin with their creation time', () => {
    const before = Date.now();
    const id = newId();
    expect(id).toMatch(OBJECT_ID);
    expect(parseInt(id.slice(0, 12), 16)).toBeGreaterThanOrEqual(before);
  });

  it('only grow within a process, many to a millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBeLessThan(ids.length);
  });
});
