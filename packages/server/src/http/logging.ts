import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config/config.js';
import { CENSOR, redactText, scrubFields, scrubLogLine } from './log-scrubber.js';

export { redactText, redactUrl } from './log-scrubber.js';

/** Pino paths removed by fast-redact (the fast path); http/log-scrubber.ts covers every other depth, shape and text. */
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

/** `stream` replaces stdout as the destination of the serialised lines (http/terminal-log.ts). */
export function loggerOptions(level: LogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: (object) => scrubFields(object) as Record<string, unknown> },
    // The last word on every line, whichever destination it goes to.
    hooks: { streamWrite: scrubLogLine },
    serializers: {
      req(req) {
        return { method: req.method, url: typeof req.url === 'string' ? redactText(req.url) : undefined, host: req.host, remoteAddress: req.ip };
      },
      // Error messages can quote input (a JSON parse error shows the body it choked on).
      err(err: Error & { code?: unknown; statusCode?: unknown }) {
        return { type: err.name, message: redactText(String(err.message)), stack: redactText(err.stack ?? ''), code: err.code, statusCode: err.statusCode };
      },
    },
  };
}
