// RFC 7636 (PKCE) with WebCrypto only, so it runs in Node 20+, browsers, Deno and workers alike.

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBase64url(byteLength: number): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(byteLength)));
}

/**
 * A fresh PKCE `code_verifier` (RFC 7636 §4.1): 32 random bytes, base64url, 43 characters.
 *
 * @example
 * const verifier = generateCodeVerifier();
 * session.codeVerifier = verifier;
 */
export function generateCodeVerifier(): string {
  return randomBase64url(32);
}

/**
 * The S256 `code_challenge` for a verifier (RFC 7636 §4.2): base64url(SHA-256(verifier)).
 *
 * @example
 * const challenge = await codeChallengeS256(verifier);
 * gatehouse.authorizeURL({ ..., codeChallenge: challenge });
 */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/**
 * A verifier and its S256 challenge in one call.
 *
 * @example
 * const { codeVerifier, codeChallenge } = await generatePkcePair();
 */
export async function generatePkcePair(): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = generateCodeVerifier();
  return { codeVerifier, codeChallenge: await codeChallengeS256(codeVerifier) };
}

/**
 * An unguessable `state` value (RFC 6749 §10.12) to bind a callback to the browser that started it.
 *
 * @example
 * const state = generateState();
 * res.cookie('oauth_state', state, { httpOnly: true });
 */
export function generateState(): string {
  return randomBase64url(24);
}
