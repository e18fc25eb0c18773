import type { FastifyReply } from 'fastify';
import type { PlatformError } from '../../../../platform/errors.js';
import { bearerChallengeHeader, type BearerChallenge } from './bearer-challenge.js';
import { DATA_API_ERRORS, type ApiErrorCode } from './error-catalogue.js';

export type { ApiErrorCode } from './error-catalogue.js';
export type ErrorDetail = string | { field: string; message: string };

/**
 * One error, rendered as `{code, message, externalReference: null, details}` (docs/errors.md, "Data
 * API"). The status always comes from the catalogue; the message defaults to the catalogue's.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string = DATA_API_ERRORS[code].message,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** What the `WWW-Authenticate: Bearer` challenge says (rendered by `sendApiError`). */
    readonly challenge?: BearerChallenge,
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = DATA_API_ERRORS[code].status;
  }
}

export const notFound = (what = 'resource') => new ApiError('resource_not_found', `${DATA_API_ERRORS.resource_not_found.message}: The ${what} cannot be found`);

export const badRequest = (message?: string) => new ApiError('bad_request', message);

export const validationError = (details: Array<{ field: string; message: string }>, message?: string) => new ApiError('validation_error', message, details);

/** RFC 6750 §3.1: insufficient_scope, naming every scope the route needs. */
export function missingScopes(missing: string[], required: string[]): ApiError {
  return new ApiError(
    'missing_scopes',
    `${DATA_API_ERRORS.missing_scopes.message} - ${missing.join(', ')}`,
    [],
    {},
    { error: 'insufficient_scope', scope: required },
  );
}

/** The refusal once a rate-limit window is used up (docs/rate-limits.md): the same body for every limit. */
export const tooManyRequests = (retryAfterSeconds: number) => new ApiError('too_many_requests', undefined, [], { 'retry-after': String(retryAfterSeconds) });

/** The database cannot answer now (http/dependency-unavailable.ts). Not in Webflow's list: Webflow documents no 503. */
export const serviceUnavailable = (retryAfterSeconds: number) =>
  new ApiError('service_unavailable', undefined, [], { 'retry-after': String(retryAfterSeconds) });

/** Platform rule failures in Data API terms. */
export function fromPlatformError(err: PlatformError): ApiError {
  switch (err.code) {
    case 'not_found':
      return notFound(err.message.replace(/ not found$/, '').toLowerCase());
    case 'validation':
      return new ApiError('validation_error', err.message, err.details);
    case 'conflict':
    case 'limit_reached':
      return new ApiError('conflict', err.message, err.details);
    case 'forbidden':
      return new ApiError('forbidden');
  }
}

/** The error body of docs/errors.md, "Data API". */
export const apiErrorBody = (err: ApiError) => ({ code: err.code, message: err.message, externalReference: null, details: err.details });

/**
 * Sends the error. A refusal with a challenge, and every 401 and 403, carries `WWW-Authenticate: Bearer` naming the
 * resource's RFC 9728 metadata (`resourceMetadataUrl`); the body stays Webflow's.
 */
export function sendApiError(reply: FastifyReply, err: ApiError, resourceMetadataUrl: string): FastifyReply {
  // Every Data API error is answered here, so this is where usage counts 4xx and 429 (docs/dashboard.md, "Usage").
  reply.request.usage?.answered(err.statusCode);
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  if (err.challenge || err.statusCode === 401 || err.statusCode === 403) {
    reply.header('www-authenticate', bearerChallengeHeader(resourceMetadataUrl, err.challenge ?? {}));
  }
  return reply.code(err.statusCode).type('application/json; charset=utf-8').send(apiErrorBody(err));
}
