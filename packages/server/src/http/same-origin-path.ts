/**
 * The one check for every redirect target this server takes from a request (`return_to` on login and
 * sign-up, the dashboard's back links, a consent resume): it must be a path on this origin.
 * docs/authentication.md says what is refused.
 *
 * A browser strips tabs and newlines from a URL and reads `\` as `/` (WHATWG URL §4.4), so
 * `/\t/evil.example` and `/\evil.example` are `//evil.example`, another origin. Rather than predict
 * each parser, anything that is not plain printable ASCII, has a backslash, names an authority, or
 * decodes to one falls back to the safe default. The value is also safe to put in a `Location`
 * header as it is (no character Node would refuse there).
 */
export function sameOriginPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > MAX_PATH_LENGTH) return fallback;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.includes('\\')) return fallback;
  const path = value.replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  // Encoded tricks: `/%2F/evil`, `/%5Cevil`, `/%09/evil` decode to an authority or to what a browser strips.
  if (/^\/[/\\]/.test(decoded) || [...decoded].some(isStrippedOrBackslash)) return fallback;
  const base = 'http://same-origin.invalid';
  return new URL(value, base).origin === base ? value : fallback;
}

/** Control characters and spaces, which a browser may strip or trim, and a backslash, which it may read as `/`. */
const isStrippedOrBackslash = (ch: string): boolean => ch <= ' ' || ch === '\x7f' || ch === '\\';

/** Longer targets are not ones this server builds; they fall back rather than bloat a Location header. */
const MAX_PATH_LENGTH = 2048;
