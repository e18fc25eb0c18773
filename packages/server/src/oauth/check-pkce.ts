import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidGrant } from './errors.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * RFC 7636 §4.6: with a challenge, the verifier must hash (S256) to it; RFC 9700 §2.1.1: a verifier
 * without a challenge is refused too, so a PKCE downgrade cannot go unnoticed.
 */
export function checkPkce(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    if (verifier !== undefined) throw new InvalidGrant('code_verifier was sent but the authorization request had no code_challenge.');
    return;
  }
  if (verifier === undefined) throw new InvalidGrant('code_verifier is required for this code.');
  if (!VERIFIER.test(verifier)) throw new InvalidGrant('code_verifier must be 43 to 128 URL-safe characters.');
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    throw new InvalidGrant('code_verifier does not match the code_challenge.');
  }
}
