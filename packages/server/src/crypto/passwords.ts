import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;

/** Hashes new passwords at one cost and verifies any stored hash, whatever cost it records. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** A hash to verify against when the user does not exist, so timing does not reveal which emails are registered. */
  readonly dummyHash: string;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * scrypt with N = 2^cost, r = 8, p = 1, stored as `scrypt$N$r$p$salt$hash` (base64url parts). OWASP's
 * floor is cost 17 (~128 MiB); the cost comes from PASSWORD_HASH_COST (docs/configuration.md) so test
 * suites can trade strength for speed, and each hash records its own N, so changing it breaks no login.
 */
export function passwordHasher(cost: number): PasswordHasher {
  const params = { N: 2 ** cost, r: 8, p: 1 } as const;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, params);
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    verify: verifyPassword,
    dummyHash: `scrypt$${params.N}$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
  };
}
