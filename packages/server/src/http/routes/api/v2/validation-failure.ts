import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { ApiError } from './api-error.js';

const WHERE: Record<string, string> = { params: 'path', querystring: 'query', body: 'body', headers: 'header' };

/** Ajv failures as docs/webflow-wire.md, "Errors" `validation_error` with one `{field, message}` per problem. */
export function validationFailure(errors: FastifySchemaValidationError[], context: string | undefined): ApiError {
  const details = errors.slice(0, 20).map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty;
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    const field = path || missing || extra || WHERE[context ?? ''] || 'request';
    const message =
      e.keyword === 'pattern' && /^[0-9a-f]|Id$|_id$/i.test(field)
        ? 'Provided ID is invalid'
        : extra
          ? `unknown field "${extra}"`
          : (e.message ?? 'is invalid');
    return { field, message };
  });
  const idProblem = context === 'params';
  return new ApiError('validation_error', idProblem ? 'Validation Error: Provided ID is invalid' : undefined, details);
}
