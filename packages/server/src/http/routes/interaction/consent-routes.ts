import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OBJECT_ID } from '../../../crypto/ids.js';
import { authorizationResponseUrl, type AuthorizeRequest } from '../../../oauth/authorize-request.js';
import { AccessDenied } from '../../../oauth/errors.js';
import { findAppByClientId, type App } from '../../../platform/apps.js';
import { approveAuthorization, recordDenial } from '../../../platform/authorizations.js';
import { PlatformError } from '../../../platform/errors.js';
import { checkInstallChoice, mayInstall, pickerOptions } from '../../../platform/oauth-consent.js';
import { consumeInteraction, loadInteraction } from '../../../platform/oauth-interactions.js';
import type { User } from '../../../platform/users.js';
import type { Runtime } from '../../../runtime.js';
import { consentPage } from '../../../views/consent.js';
import { oauthErrorPage, oauthErrorPageForStatus } from '../../../views/oauth-error.js';
import { htmlFormErrors } from '../../html-form-errors.js';
import { sendPage } from '../../security-headers.js';
import { loginPath } from './authorize-route.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const many = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** docs/webflow-wire.md, "Consent" consent screen (GET) and the user's decision (POST, CSRF-protected). */
export function consentRoutes(runtime: Runtime) {
  const { ctx, config } = runtime;
  const expired = (reply: FastifyReply) =>
    sendPage(reply, oauthErrorPage('Request expired', 'invalid_request', 'This authorization request has expired or was already answered. Go back to the app and start again.'), 400);

  /**
   * The parked request behind an interaction handle, its signed-in user and its app; or undefined once
   * the reply has been sent (expired page, or the login redirect that comes back here).
   */
  async function pending(req: FastifyRequest, reply: FastifyReply, handle: string | undefined) {
    const request = await loadInteraction(ctx, handle);
    if (!handle || !request) return void expired(reply);
    const user = await req.currentUser();
    if (!user) return void reply.redirect(loginPath(handle), 303);
    const client = await findAppByClientId(ctx, request.clientId);
    if (!client) return void expired(reply);
    return { handle, request, user, client };
  }

  async function render(req: FastifyRequest, reply: FastifyReply, user: User, app: App, request: AuthorizeRequest, handle: string, wanted: string | undefined, error?: string) {
    const allowed = await mayInstall(ctx, app, user.id);
    const options = allowed ? await pickerOptions(ctx, user.id) : [];
    const blocked = !allowed
      ? 'This app is not public yet: only members of the workspace that registered it can install it.'
      : options.length === 0 ? 'You do not belong to any workspace, so there is nothing to install this app on.' : undefined;
    const selected = options.find((o) => o.workspace.id === wanted)?.workspace.id ?? options[0]?.workspace.id;
    const view = {
      app, scopes: request.scopes, redirectOrigin: new URL(request.redirectUri).origin, interaction: handle, csrfToken: req.csrfToken(reply),
      userEmail: user.email, options, selectedWorkspaceId: selected, blocked, error,
    };
    return sendPage(reply, consentPage(view), error ? 400 : blocked ? 403 : 200);
  }

  return async (app: FastifyInstance) => {
    // RFC 6749 §4.1.2.1: a request that cannot go back to the app ends on a page naming the error.
    htmlFormErrors(app, { page: oauthErrorPageForStatus });
    app.get('/oauth/authorize/resume', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const found = await pending(req, reply, one(query.interaction));
      if (!found) return reply;
      const { handle, request, user, client } = found;
      return render(req, reply, user, client, request, handle, one(query.workspace));
    });

    app.post('/oauth/authorize/decision', async (req, reply) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (!req.csrfValid()) return sendPage(reply, oauthErrorPage('Form expired', 'invalid_request', 'Please go back, reload the page and try again.'), 403);
      const found = await pending(req, reply, one(body.interaction));
      if (!found) return reply;
      const { handle, request, user, client } = found;
      const actor = { id: user.id, email: user.email };
      const back = (params: Record<string, string>) => reply.redirect(authorizationResponseUrl(request.redirectUri, params, request.state, config.publicUrl), 303);

      if (one(body.decision) !== 'approve') {
        if (!(await consumeInteraction(ctx, handle))) return expired(reply);
        await recordDenial(ctx, client, actor, request.scopes);
        const denied = new AccessDenied('The user denied the authorization request.');
        return back({ error: denied.error, error_description: denied.description });
      }
      const workspaceId = one(body.workspace_id) ?? '';
      const siteIds = many(body.site_id).slice(0, 500);
      const target = one(body.target) === 'workspace' ? 'workspace' : 'sites';
      const choice = { workspaceId, target, siteIds } as const;
      try {
        if (!OBJECT_ID.test(workspaceId) || siteIds.some((id) => !OBJECT_ID.test(id))) throw new PlatformError('validation', 'Choose a workspace or sites from the list.');
        if (one(body.target) !== 'workspace' && one(body.target) !== 'sites' && !client.restrictToSingleSite) throw new PlatformError('validation', 'Choose the whole workspace or some of its sites.');
        await checkInstallChoice(ctx, client, user.id, { ...choice, siteIds: [...siteIds] });
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        return render(req, reply, user, client, request, handle, workspaceId, err.message);
      }
      if (!(await consumeInteraction(ctx, handle))) return expired(reply);
      const { code } = await approveAuthorization(ctx, client, actor, request, { ...choice, siteIds: [...siteIds] });
      return back({ code });
    });
  };
}
