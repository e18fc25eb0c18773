import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config/config.js';

/** Query parameters that may carry credentials; their values never reach a log line. */
const SECRET_QUERY_PARAMS = /([?&](?:access_token|token|code|client_secret|refresh_token|code_verifier|password|state)=)[^&#]*/gi;

/** Field names whose values are credentials, at any depth of a logged object. */
const SECRET_KEYS = /^(authorization|proxy-authorization|cookie|set-cookie|client_?secret|password|code|code_?verifier|access_?token|refresh_?token|token|secret_?key|secret)$/i;

/** Any Gatehouse credential carries a `gth_<kind>_` prefix (crypto/tokens.ts), so it can be found in free text too. */
const PREFIXED_SECRET = /gth_[a-z]+_[A-Za-z0-9_-]+/g;
const CENSOR = '[Redacted]';

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1' + CENSOR);
}

export function redactText(text: string): string {
  return redactUrl(text).replace(PREFIXED_SECRET, (s) => s.slice(0, s.indexOf('_', 4) + 1) + CENSOR);
}

/** Pino paths removed by fast-redact (the fast path); `scrub` below covers every other depth and shape. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.client_secret',
  '*.clientSecret',
  '*.password',
  '*.code',
  '*.code_verifier',
  '*.access_token',
  '*.accessToken',
  '*.refresh_token',
  '*.token',
  '*.secretKey',
];

const isPlain = (v: object) => Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Copies plain objects and arrays, censoring secret-named fields and prefixed secrets in strings. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8 || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) && v != null ? CENSOR : scrub(v, depth + 1);
  return out;
}

/** `stream` replaces stdout as the destination of the serialised lines (http/terminal-log.ts). */
export function loggerOptions(level: LogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: (object) => scrub(object) as Record<string, unknown> },
    serializers: {
      req(req) {
        return { method: req.method, url: typeof req.url === 'string' ? redactUrl(req.url) : undefined, host: req.host, remoteAddress: req.ip };
      },
      // Error messages can quote input (a JSON parse error shows the body it choked on).
      err(err: Error & { code?: unknown; statusCode?: unknown }) {
        return { type: err.name, message: redactText(String(err.message)), stack: redactText(err.stack ?? ''), code: err.code, statusCode: err.statusCode };
      },
    },
  };
}
