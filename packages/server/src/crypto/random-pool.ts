import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the system CSPRNG, fetched 4 KiB at a time and each handed out once. An id or a
 * secret costs a slice of the pool instead of a call into OpenSSL and a fresh buffer (as Node's own
 * randomUUID does); every value is still drawn from the same generator and no byte is given twice.
 */
const POOL = Buffer.alloc(4096);
let next = POOL.length;

function take(n: number): number {
  if (n > POOL.length) throw new RangeError(`at most ${POOL.length} random bytes at once`);
  if (next + n > POOL.length) {
    randomFillSync(POOL);
    next = 0;
  }
  const start = next;
  next += n;
  return start;
}

/** `n` random bytes as lower-case hex (2n characters). */
export function randomHex(n: number): string {
  const start = take(n);
  return POOL.toString('hex', start, start + n);
}

/** `n` random bytes as unpadded base64url. */
export function randomBase64url(n: number): string {
  const start = take(n);
  return POOL.toString('base64url', start, start + n);
}
