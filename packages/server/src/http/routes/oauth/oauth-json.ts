import type { FastifyInstance, FastifyReply } from 'fastify';
import { InvalidClient, InvalidRequest, OAuthError, TemporarilyUnavailable } from '../../../oauth/errors.js';
import { markUnavailable } from '../../dependency-unavailable.js';
import { jsonHasRepeatedKeys } from '../../../oauth/request-params.js';
import { classifyFrameworkError, type FrameworkFailure } from '../../framework-errors.js';

/** Body limit for token, revocation and introspection requests: they carry a handful of short strings. */
export const OAUTH_BODY_LIMIT = 16 * 1024;

/** RFC 6749 §5.2 error body; 401 plus `WWW-Authenticate: Basic` when HTTP Basic failed (§5.2, RFC 7235). */
export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  if (err instanceof InvalidClient && err.viaBasic) reply.header('www-authenticate', 'Basic realm="gatehouse"');
  if (err instanceof TemporarilyUnavailable) markUnavailable(reply);
  return reply.code(err.status).send({ error: err.error, error_description: err.description });
}

/**
 * Makes an encapsulated plugin an OAuth JSON surface: `Cache-Control: no-store` and `Pragma: no-cache`
 * on every answer (RFC 6749 §5.1), JSON bodies with repeated keys refused, and every failure (bad
 * JSON, wrong content type, oversized body) rendered as an RFC 6749 §5.2 error instead of a 500.
 */
export function asOAuthJsonSurface(app: FastifyInstance): void {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    done(null, payload);
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: OAUTH_BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      const parsed: unknown = JSON.parse(text);
      if (jsonHasRepeatedKeys(text, parsed)) return done(new InvalidRequest('The JSON body repeats a parameter.'), undefined);
      done(null, parsed);
    } catch {
      done(new InvalidRequest('The request body is not valid JSON.'), undefined);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof OAuthError) return sendOAuthError(reply, err);
    const failure = classifyFrameworkError(err);
    if (failure.kind === 'fault') req.log.error({ err }, 'oauth endpoint failed');
    return sendOAuthFailure(reply, failure);
  });
}

/** A framework failure as an RFC 6749 §5.2 body: `invalid_request`, with 413 kept for an oversized body. */
function sendOAuthFailure(reply: FastifyReply, failure: FrameworkFailure): FastifyReply {
  switch (failure.kind) {
    case 'unsupported_media_type':
      return sendOAuthError(reply, new InvalidRequest('Send the parameters as application/x-www-form-urlencoded or application/json.'));
    case 'body_too_large':
      return reply.code(413).send({ error: 'invalid_request', error_description: 'The request body is too large.' });
    case 'validation':
    case 'client_error':
      return sendOAuthError(reply, new InvalidRequest('The request is malformed.'));
    case 'unavailable':
      return sendOAuthError(reply, new TemporarilyUnavailable('The server cannot reach its database; try again shortly.'));
    case 'fault':
      return reply.code(500).send({ error: 'server_error', error_description: 'The server could not handle the request.' });
  }
}

/** The single `Authorization` header value, or undefined. */
export function authorizationHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}
