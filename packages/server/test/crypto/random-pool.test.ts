import { describe, expect, it } from 'vitest';
import { OBJECT_ID, newClientId, newId } from '../../src/crypto/ids.js';
import { TOKEN_PREFIX, newSecret } from '../../src/crypto/tokens.js';
import { randomBase64url, randomHex } from '../../src/crypto/random-pool.js';

describe('pooled random values (crypto/random-pool.ts)', () => {
  it('hands out no value twice across many refills of the pool', () => {
    const seen = new Set<string>();
    // 12 bytes each: about 30 refills of the 4 KiB pool, and draws that straddle its end.
    for (let i = 0; i < 10_000; i++) seen.add(randomHex(12));
    for (let i = 0; i < 2_000; i++) seen.add(randomBase64url(32));
    expect(seen.size).toBe(12_000);
  });

  it('gives ids, client ids and secrets their shapes and lengths', () => {
    expect(newId()).toMatch(OBJECT_ID);
    expect(newClientId()).toMatch(/^[0-9a-f]{64}$/);
    const secret = newSecret(TOKEN_PREFIX.oauthAccessToken);
    expect(secret).toMatch(/^gth_oat_[A-Za-z0-9_-]{43}$/);
  });

  it('spreads its bytes over every value (no byte value missing from a large sample)', () => {
    const counts = new Array(256).fill(0);
    const hex = Array.from({ length: 2_000 }, () => randomHex(16)).join('');
    for (let i = 0; i < hex.length; i += 2) counts[parseInt(hex.slice(i, i + 2), 16)]++;
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it('refuses a draw larger than the pool', () => {
    expect(() => randomHex(5000)).toThrow(RangeError);
  });
});
