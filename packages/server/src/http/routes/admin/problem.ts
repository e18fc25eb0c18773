import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttemptsThrottled } from '../../../platform/accounts/attempt-throttle.js';
import { PlatformError } from '../../../platform/errors.js';
import { IdempotencyRefused } from '../../../platform/admin/idempotency.js';
import { markUnavailable } from '../../dependency-unavailable.js';
import { classifyFrameworkError } from '../../framework-errors.js';
import { ADMIN_PROBLEMS, type AdminProblemCode } from './problem-catalogue.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** One admin API error, sent as RFC 9457 `application/problem+json` (docs/admin-api.md, "Errors"). */
export class AdminProblem extends Error {
  readonly status: number;
  constructor(
    readonly code: AdminProblemCode,
    readonly detail: string = ADMIN_PROBLEMS[code].title,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = 'AdminProblem';
    this.status = ADMIN_PROBLEMS[code].status;
  }
}

const WHERE: Record<string, string> = { params: 'path', querystring: 'query', body: 'body', headers: 'header' };

/** Platform, idempotency and framework failures in admin API terms; anything unknown is a fault. */
export function toProblem(err: unknown): AdminProblem | undefined {
  if (err instanceof AdminProblem) return err;
  if (err instanceof PlatformError) {
    const code: AdminProblemCode = err.code === 'validation' ? 'validation_failed' : err.code;
    return new AdminProblem(code, err.message, err.details);
  }
  if (err instanceof IdempotencyRefused)
    return new AdminProblem(err.reason === 'key_reused' ? 'idempotency_key_reused' : 'idempotency_key_in_progress', err.message);
  if (err instanceof AttemptsThrottled) return new AdminProblem('too_many_requests', err.message);
  const failure = classifyFrameworkError(err as Error);
  switch (failure.kind) {
    case 'validation': {
      // Every problem at once (the validator runs with allErrors), each naming its field.
      const errors = failure.validation.slice(0, 50).map((e) => {
        const params = e.params as { missingProperty?: string; additionalProperty?: string };
        const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const field = [path, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') || WHERE[failure.context ?? ''] || 'request';
        return { field, message: params.additionalProperty ? `unknown field "${params.additionalProperty}"` : (e.message ?? 'is invalid') };
      });
      return new AdminProblem('validation_failed', `${errors.length} problem(s) in the ${WHERE[failure.context ?? ''] ?? 'request'}`, errors);
    }
    case 'body_too_large':
      return new AdminProblem('payload_too_large');
    case 'unsupported_media_type':
      return new AdminProblem('unsupported_media_type');
    case 'client_error':
      return new AdminProblem('bad_request', failure.message);
    case 'unavailable':
      return new AdminProblem('service_unavailable');
    case 'fault':
      return undefined;
  }
}

export function problemBody(problem: AdminProblem, req: FastifyRequest, docsUrl: string) {
  return {
    type: `${docsUrl}#${problem.code.replace(/_/g, '-')}`,
    title: ADMIN_PROBLEMS[problem.code].title,
    status: problem.status,
    detail: problem.detail,
    instance: req.url.split('?')[0],
    code: problem.code,
    requestId: req.id,
    ...(problem.errors.length ? { errors: problem.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: AdminProblem, docsUrl: string): FastifyReply {
  if (problem.status === 503) markUnavailable(reply);
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="gatehouse-admin"');
  if (problem.code === 'insufficient_scope') reply.header('www-authenticate', `Bearer realm="gatehouse-admin", error="insufficient_scope"`);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemBody(problem, reply.request, docsUrl)));
}
