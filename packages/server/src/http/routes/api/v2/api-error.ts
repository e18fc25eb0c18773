import type { FastifyReply } from 'fastify';
import { PlatformError } from '../../../../platform/errors.js';

/** Reference §7: the Data API error codes Gatehouse emits. */
export type ApiErrorCode =
  | 'bad_request'
  | 'validation_error'
  | 'not_authorized'
  | 'missing_scopes'
  | 'forbidden'
  | 'resource_not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'invalid_domain'
  | 'no_domains'
  | 'unsupported_webhook_trigger_type'
  | 'incompatible_webhook_filter'
  | 'not_enterprise_plan_site'
  | 'not_enterprise_plan_workspace'
  | 'internal_error';

export type ErrorDetail = string | { field: string; message: string };

/** One error, rendered as `{code, message, externalReference: null, details}` (reference §7). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'resource') =>
  new ApiError(404, 'resource_not_found', `Requested resource not found: The ${what} cannot be found`);

export const badRequest = (message = 'Bad Request: Request is malformed') => new ApiError(400, 'bad_request', message);

export const validationError = (details: Array<{ field: string; message: string }>, message = 'Validation Error: Provided value is invalid') =>
  new ApiError(400, 'validation_error', message, details);

/** RFC 6750 §3.1: insufficient_scope, naming every scope the route needs. */
export function missingScopes(missing: string[], required: string[]): ApiError {
  return new ApiError(403, 'missing_scopes', `OAuthForbidden: You are missing the following scopes - ${missing.join(', ')}`, [], {
    'www-authenticate': `Bearer realm="gatehouse", error="insufficient_scope", scope="${required.join(' ')}"`,
  });
}

/** Platform rule failures in Data API terms. */
export function fromPlatformError(err: PlatformError): ApiError {
  switch (err.code) {
    case 'not_found':
      return notFound(err.message.replace(/ not found$/, '').toLowerCase());
    case 'validation':
      return new ApiError(400, 'validation_error', err.message, err.details);
    case 'conflict':
    case 'limit_reached':
      return new ApiError(409, 'conflict', err.message, err.details);
    case 'forbidden':
      return new ApiError(403, 'forbidden', 'User is not authorized to perform this action');
  }
}

/** Reference §7 error body. */
export const apiErrorBody = (err: ApiError) => ({ code: err.code, message: err.message, externalReference: null, details: err.details });

export function sendApiError(reply: FastifyReply, err: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  return reply.code(err.statusCode).type('application/json; charset=utf-8').send(apiErrorBody(err));
}
