import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { isDependencyUnavailable } from './dependency-unavailable.js';

/**
 * What Fastify (or a plugin) reports when a request fails before or outside a handler, sorted once into
 * the cases every surface tells apart. Each surface renders them in its own format (docs/errors.md):
 * the Data API and OAuth JSON bodies, the HTML pages, and the app-wide fallback.
 */
export type FrameworkFailure =
  /** Schema validation of params, query, body or headers: always 400. */
  | { kind: 'validation'; status: 400; message: string; validation: FastifySchemaValidationError[]; context: string | undefined }
  /** A body over the route's limit. */
  | { kind: 'body_too_large'; status: 413; message: string }
  /** A body of a media type the surface has no parser for. */
  | { kind: 'unsupported_media_type'; status: 415; message: string }
  /** Any other 4xx the framework raised (unparsable JSON, a bad Content-Length…), with its status. */
  | { kind: 'client_error'; status: number; message: string }
  /** A dependency (the database) cannot answer now: 503 with Retry-After (http/dependency-unavailable.ts). */
  | { kind: 'unavailable'; status: 503; message: string }
  /** Anything else is a server fault: a 500 whose detail stays in the log. */
  | { kind: 'fault'; status: 500; message: string };

interface FrameworkError extends Error {
  statusCode?: number;
  code?: string;
  validation?: FastifySchemaValidationError[];
  validationContext?: string;
}

export function classifyFrameworkError(err: FrameworkError): FrameworkFailure {
  const message = err.message;
  if (err.validation) return { kind: 'validation', status: 400, message, validation: err.validation, context: err.validationContext };
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) return { kind: 'body_too_large', status: 413, message };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) return { kind: 'unsupported_media_type', status: 415, message };
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return { kind: 'client_error', status: err.statusCode, message };
  if (isDependencyUnavailable(err)) return { kind: 'unavailable', status: 503, message };
  return { kind: 'fault', status: 500, message };
}
