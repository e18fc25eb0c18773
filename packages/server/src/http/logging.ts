import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config/config.js';

/** Query parameters that may carry credentials; their values never reach a log line. */
const SECRET_QUERY_PARAMS = /([?&](?:access_token|token|code|client_secret|refresh_token|code_verifier|password|state)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[Redacted]');
}

/** Pino paths removed from every line: credentials in headers and in any logged body or object. */
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

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: {
      req(req) {
        return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip };
      },
    },
  };
}
