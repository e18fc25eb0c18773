import type { FastifyInstance } from 'fastify';
import { InvalidRequest, TooManyRegistrations } from '../../../oauth/errors.js';
import { deleteRegistration, readRegistration, registerClient } from '../../../platform/apps/client-registrations.js';
import type { Runtime } from '../../../runtime.js';
import { OAUTH_BODY_LIMIT, authorizationHeader } from './oauth-json.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * docs/oauth.md, "Dynamic client registration": RFC 7591 §3 `POST /oauth/register` and RFC 7592 §2 read and
 * delete at the registration client URI, authenticated by the registration access token. Served only
 * when CLIENT_REGISTRATION is on.
 */
export function registrationRoutes(runtime: Runtime) {
  const { ctx, config } = runtime;
  const clientUri = (clientId: string) => `${config.publicUrl}/oauth/register/${encodeURIComponent(clientId)}`;
  const registrationToken = (headers: Record<string, string | string[] | undefined>) => {
    const match = BEARER.exec(authorizationHeader(headers) ?? '');
    return match?.[1];
  };
  return async (app: FastifyInstance) => {
    if (!config.clientRegistration.enabled) return;
    app.post('/oauth/register', { bodyLimit: OAUTH_BODY_LIMIT }, async (req, reply) => {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        throw new InvalidRequest('Send the client metadata as application/json (RFC 7591 §3.1).');
      try {
        const body = await registerClient(ctx, req.body, req.ip, config.clientRegistration, clientUri);
        return reply.code(201).send(body);
      } catch (err) {
        if (err instanceof TooManyRegistrations) reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      }
    });
    app.get<{ Params: { clientId: string } }>('/oauth/register/:clientId', async (req) =>
      readRegistration(ctx, req.params.clientId, registrationToken(req.headers), clientUri(req.params.clientId)),
    );
    app.delete<{ Params: { clientId: string } }>('/oauth/register/:clientId', async (req, reply) => {
      await deleteRegistration(ctx, req.params.clientId, registrationToken(req.headers));
      return reply.code(204).send();
    });
  };
}
