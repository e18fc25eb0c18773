import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorizationResponseUrl } from '../../../oauth/authorize-request.js';
import { InvalidRequest, NotRedirectable, OAuthError } from '../../../oauth/errors.js';
import { QueryParams } from '../../../oauth/query-params.js';
import { RedirectableError, readClientId, validateAuthorizeRequest } from '../../../oauth/validate-authorize-request.js';
import { findDirectoryClient } from '../../../platform/apps/oauth-client-directory.js';
import { createInteraction } from '../../../platform/authorization/oauth-interactions.js';
import { protectedResources } from '../../../platform/authorization/protected-resources.js';
import type { Runtime } from '../../../runtime.js';
import { oauthErrorPage, oauthErrorPageForStatus } from '../../../views/oauth-error.js';
import { htmlFormErrors } from '../../html-form-errors.js';
import { sendPage } from '../../security-headers.js';

export const resumePath = (handle: string) => `/oauth/authorize/resume?interaction=${encodeURIComponent(handle)}`;
export const loginPath = (handle: string) => `/login?return_to=${encodeURIComponent(resumePath(handle))}`;

/** One renderer per failure kind of the authorize surface: a 400 page, or a redirect to the client. */
export function sendAuthorizeFailure(reply: FastifyReply, err: unknown, issuer: string): FastifyReply {
  if (err instanceof NotRedirectable) {
    return sendPage(reply, oauthErrorPage(err.title, err.oauthError.error, err.oauthError.description, reply.server.catalogue, err.redirectUris), 400);
  }
  if (err instanceof RedirectableError) {
    const params = { error: err.oauthError.error, error_description: err.oauthError.description };
    return reply.redirect(authorizationResponseUrl(err.redirectUri, params, err.state, issuer), 303);
  }
  throw err;
}

/**
 * docs/webflow-wire.md, "Authorize request" / RFC 6749 §4.1.1 `GET /oauth/authorize`: validates in the documented order, parks the
 * request server-side, then sends the browser to login (if needed) and on to the consent screen.
 */
export function authorizeRoute(runtime: Runtime) {
  const { ctx, config } = runtime;
  return async (app: FastifyInstance) => {
    // A browser surface: failures that are not the client's (an unreachable database) end on a page too.
    htmlFormErrors(app, { page: oauthErrorPageForStatus });
    app.get('/oauth/authorize', async (req, reply) => {
      // The raw query, not fastify's parsed one: repeated parameters and state's exact bytes matter here.
      const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      try {
        const params = new QueryParams(rawQuery);
        const clientId = readClientId(params);
        const client = await findDirectoryClient(ctx, clientId, runtime.clientMetadataDocuments).catch((err: unknown) => {
          // docs/oauth.md, "Client ID Metadata Documents": a document that cannot be fetched or is refused names no trustworthy redirect.
          throw err instanceof OAuthError ? new NotRedirectable(err, 'Client metadata document refused') : err;
        });
        if (!client) throw new NotRedirectable(new InvalidRequest('No app is registered with this client_id.'), 'Unknown app');
        const request = validateAuthorizeRequest(params, client, runtime.config.catalogue, await protectedResources(ctx, config.publicUrl));
        const handle = await createInteraction(ctx, request);
        const user = await req.currentUser();
        return reply.redirect(user ? resumePath(handle) : loginPath(handle), 303);
      } catch (err) {
        return sendAuthorizeFailure(reply, err, config.publicUrl);
      }
    });
  };
}
