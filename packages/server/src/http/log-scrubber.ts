import { TOKEN_PREFIX } from '../crypto/tokens.js';

/**
 * What never reaches a log line, whatever logs it (docs/configuration.md, "What is never logged").
 * Three layers, each catching what the one before cannot see:
 * 1. `scrubFields` censors fields named like credentials at any depth of a logged object;
 * 2. `redactText` censors credential-named query parameters and every token-shaped value in a URL,
 *    a message or an error text;
 * 3. `scrubLogLine` runs over each finished line just before it is written (pino's `streamWrite`
 *    hook), so paths, messages and fields that a serializer or a framework built — "Route GET:/v2/…
 *    not found", a URL with a token in its path or in an unlisted query name — are censored too, and
 *    so is every destination a line goes to (JSON on stdout, the terminal form, a test's stream).
 */
export const CENSOR = '[Redacted]';

/** Query parameters whose values are credentials, whatever they look like. */
const SECRET_QUERY_NAMES = 'access_token|token|code|client_secret|refresh_token|code_verifier|password|state|interaction';
const SECRET_QUERY_PARAMS = new RegExp(`([?&](?:${SECRET_QUERY_NAMES})=)[^&#]*`, 'gi');
/** The same in a serialised line: the value also ends at a quote, backslash or space. */
const SECRET_QUERY_PARAMS_IN_LINE = new RegExp(`([?&](?:${SECRET_QUERY_NAMES})=)[^&#"\\\\\\s]*`, 'gi');

/** Field names whose values are credentials, at any depth of a logged object. */
const SECRET_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|client_?secret|password|code|code_?verifier|access_?token|refresh_?token|token|secret_?key|secret|interaction)$/i;

/**
 * Every Gatehouse credential starts with a `gth_<kind>_` prefix (crypto/tokens.ts): access, site,
 * workspace and refresh tokens, codes, client and webhook secrets, sessions, interaction handles. The
 * kinds listed there are named explicitly; any other `gth_<letters or digits>_` value is treated alike, and an
 * underscore may arrive percent-encoded (`gth%5Foat%5F…`) in a raw URL.
 */
const KINDS = Object.values(TOKEN_PREFIX).map((p) => p.slice('gth_'.length, -1));
const UNDERSCORE = '(?:_|%5[Ff])';
const TOKEN_SHAPED = new RegExp(`gth${UNDERSCORE}(?:${KINDS.join('|')}|[a-z0-9]+)${UNDERSCORE}[A-Za-z0-9_%-]+`, 'g');

/** Keeps the prefix, so a log still says which kind of credential was there. */
const censorToken = (token: string) => token.slice(0, token.length - token.replace(/^gth(?:_|%5[Ff])[a-z0-9]+(?:_|%5[Ff])/, '').length) + CENSOR;

/** The password of a URL's userinfo (`postgres://user:password@host`, `redis://:password@host`), RFC 3986 §3.2.1. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;

export function redactUrl(url: string): string {
  // Each pattern needs its literal ('://', '=', 'gth'), so a string without it is left alone, unscanned.
  if (url.includes('://')) url = url.replace(URL_PASSWORD, '$1' + CENSOR + '@');
  if (url.includes('=')) url = url.replace(SECRET_QUERY_PARAMS, '$1' + CENSOR);
  if (url.includes('gth')) url = url.replace(TOKEN_SHAPED, censorToken);
  return url;
}

export function redactText(text: string): string {
  return redactUrl(text);
}

/** The last layer: a finished log line with every token-shaped value and credential-named query value censored. */
export function scrubLogLine(line: string): string {
  if (line.includes('://')) line = line.replace(URL_PASSWORD, '$1' + CENSOR + '@');
  if (line.includes('=')) line = line.replace(SECRET_QUERY_PARAMS_IN_LINE, '$1' + CENSOR);
  if (line.includes('gth')) line = line.replace(TOKEN_SHAPED, censorToken);
  return line;
}

const isPlain = (v: object) => {
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Copies plain objects and arrays, censoring credential-named fields and token-shaped strings. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8 || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => scrubFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubField(k, v, depth + 1);
  return out;
}

/** A field of a logged object, censored when its name is a credential's, else scrubbed as its value. */
export function scrubField(key: string, value: unknown, depth = 0): unknown {
  return SECRET_KEYS.test(key) && value != null ? CENSOR : scrubFields(value, depth);
}
