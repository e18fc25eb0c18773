import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config/config.js';
import { redactText, scrubFields, scrubLogLine } from './log-scrubber.js';

export { redactText, redactUrl } from './log-scrubber.js';

/** What a log line says of a request: the `req` field of every line that carries one (pino's, and the access line's). */
export function requestFields(req: FastifyRequest): { method: string; url: string | undefined; host: string | undefined; remoteAddress: string | undefined } {
  return { method: req.method, url: typeof req.url === 'string' ? redactText(req.url) : undefined, host: req.host, remoteAddress: req.ip };
}

/** `stream` is where the serialised lines go: stdout in batches (http/log-destination.ts), the terminal form (http/terminal-log.ts), a test's capture. */
export function loggerOptions(level: LogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    // No pino `redact` paths: with wildcard paths pino runs its redactor over every field of every line
    // (a fifth of a logged request's CPU), and scrubFields already censors the same names at any depth.
    formatters: {
      log: (object) => scrubFields(object) as Record<string, unknown>,
      bindings: (bindings) => scrubFields(bindings) as Record<string, unknown>,
    },
    // The last word on every line, whichever destination it goes to.
    hooks: { streamWrite: scrubLogLine },
    serializers: {
      req: requestFields,
      // Error messages can quote input (a JSON parse error shows the body it choked on).
      err(err: Error & { code?: unknown; statusCode?: unknown }) {
        return { type: err.name, message: redactText(String(err.message)), stack: redactText(err.stack ?? ''), code: err.code, statusCode: err.statusCode };
      },
    },
  };
}
