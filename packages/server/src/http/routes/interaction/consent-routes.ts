import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorizationResponseUrl, type AuthorizeRequest } from '../../../oauth/authorize-request.js';
import { AccessDenied } from '../../../oauth/errors.js';
import { findDirectoryClient, installClient, type DirectoryClient } from '../../../platform/apps/oauth-client-directory.js';
import { OAuthError } from '../../../oauth/errors.js';
import { homepageMatchesRedirect } from '../../../platform/apps/app-homepage.js';
import { decideConsent, readConsentForm } from '../../../platform/authorization/consent-decision.js';
import { PlatformError } from '../../../platform/errors.js';
import { mayInstall, notAnAdmin, pickerOptions } from '../../../platform/authorization/oauth-consent.js';
import { loadInteraction } from '../../../platform/authorization/oauth-interactions.js';
import { protectedResources } from '../../../platform/authorization/protected-resources.js';
import type { User } from '../../../platform/accounts/users.js';
import type { Runtime } from '../../../runtime.js';
import { consentPage, type KeptChoice } from '../../../views/consent.js';
import { oauthErrorPage, oauthErrorPageForStatus } from '../../../views/oauth-error.js';
import { htmlFormErrors } from '../../html-form-errors.js';
import { allowImagesFrom, sendPage } from '../../security-headers.js';
import { loginPath, resumePath } from './authorize-route.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { verificationNeededPage } from '../../../views/email-verification.js';
import { requiresTwoFactor, TwoFactorRequired } from '../../../platform/workspaces/two-factor-requirement.js';
import { hasSecondFactor } from '../../../platform/accounts/two-factor/second-factor.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const many = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** docs/webflow-wire.md, "Consent" consent screen (GET) and the user's decision (POST, CSRF-protected). */
export function consentRoutes(runtime: Runtime) {
  const { ctx, config } = runtime;
  const expired = (reply: FastifyReply) =>
    sendPage(
      reply,
      oauthErrorPage(
        'Request expired',
        'invalid_request',
        'This authorization request has expired or was already answered. Go back to the app and start again.',
        runtime.config.catalogue,
      ),
      400,
    );

  /**
   * The parked request behind an interaction handle, its signed-in user and its app; or undefined once
   * the reply has been sent (expired page, or the login redirect that comes back here).
   */
  async function pending(req: FastifyRequest, reply: FastifyReply, handle: string | undefined) {
    const request = await loadInteraction(ctx, handle);
    if (!handle || !request) return void expired(reply);
    const user = await req.currentUser();
    if (!user) return void reply.redirect(loginPath(handle), 303);
    // docs/dashboard.md, "Email verification": an unconfirmed address may not install apps.
    if (!user.emailVerified) {
      const done = (req.query as Record<string, unknown>).done;
      const notice = typeof done === 'string' ? noticeText(req.server.catalogue, done) : undefined;
      return void sendPage(
        reply,
        verificationNeededPage({ csrf: req.csrfToken(reply), userEmail: user.email, returnTo: resumePath(handle), notice }, reply.server.catalogue),
        403,
      );
    }
    let client;
    try {
      client = await findDirectoryClient(ctx, request.clientId, runtime.clientMetadataDocuments);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return void sendPage(reply, oauthErrorPage('Client metadata unavailable', err.error, err.description, runtime.config.catalogue), 400);
    }
    if (!client) return void expired(reply);
    return { handle, request, user, client };
  }

  const NOT_RECORDED = 'Gatehouse could not record your answer, so nothing was granted. Your request is still open: try again in a moment.';

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    user: User,
    app: DirectoryClient,
    request: AuthorizeRequest,
    handle: string,
    kept: KeptChoice,
    failure?: { message: string; status: number },
  ) {
    const wanted = kept.workspaceId;
    const allowed = await mayInstall(ctx, app, user.id);
    const options = allowed ? await pickerOptions(ctx, user.id) : [];
    // Open on the workspace asked for, else on the first one the user may install into.
    const selected = options.find((o) => o.workspace.id === wanted) ?? options.find((o) => o.canInstall) ?? options[0];
    const { catalogue } = runtime.config;
    const workspace = catalogue.levels.workspace.singular;
    const needsTwoFactor = allowed && selected?.canInstall && (await requiresTwoFactor(ctx, selected.workspace.id)) && !(await hasSecondFactor(ctx, user.id));
    const blocked = !allowed
      ? `This app is not public yet: only members of the ${workspace} that registered it can install it.`
      : !selected
        ? `You do not belong to any ${workspace}, so there is nothing to install this app on.`
        : !selected.canInstall
          ? notAnAdmin(catalogue)
          : needsTwoFactor
            ? `${selected.workspace.name} requires two-factor sign-in. Set it up, then you come back here.`
            : undefined;
    const resource = request.resource ? (await protectedResources(ctx, config.publicUrl)).get(request.resource) : undefined;
    const view = {
      resource: resource && { name: resource.name, uri: resource.uri },
      document: app.origin?.documentHost ? { host: app.origin.documentHost, localhostOnly: app.origin.localhostOnly } : undefined,
      app,
      scopes: request.scopes,
      redirectOrigin: new URL(request.redirectUri).origin,
      interaction: handle,
      csrfToken: req.csrfToken(reply),
      userEmail: user.email,
      options,
      selectedWorkspaceId: selected?.workspace.id,
      blocked,
      unblock:
        needsTwoFactor && selected
          ? {
              href: `/account?return_to=${encodeURIComponent(`${resumePath(handle)}&workspace=${selected.workspace.id}`)}#two-factor`,
              label: 'Set up two-factor sign-in',
            }
          : undefined,
      error: failure?.message,
      catalogue,
      // The choice comes back only for the workspace it was made in.
      kept: kept.workspaceId === selected?.workspace.id ? kept : undefined,
      homepageVerified: homepageMatchesRedirect(app.homepage, request.redirectUri),
    };
    if (app.logoUrl) allowImagesFrom(reply, new URL(app.logoUrl).origin);
    return sendPage(reply, consentPage(view), failure ? failure.status : blocked ? 403 : 200);
  }

  return async (app: FastifyInstance) => {
    // RFC 6749 §4.1.2.1: a request that cannot go back to the app ends on a page naming the error.
    htmlFormErrors(app, { page: oauthErrorPageForStatus });
    app.get('/oauth/authorize/resume', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const found = await pending(req, reply, one(query.interaction));
      if (!found) return reply;
      const { handle, request, user, client } = found;
      return render(req, reply, user, client, request, handle, { workspaceId: one(query.workspace) });
    });

    app.post('/oauth/authorize/decision', async (req, reply) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (!req.csrfValid())
        return sendPage(
          reply,
          oauthErrorPage('Form expired', 'invalid_request', 'Please go back, reload the page and try again.', runtime.config.catalogue),
          403,
        );
      const found = await pending(req, reply, one(body.interaction));
      if (!found) return reply;
      const { handle, request, user, client } = found;
      const actor = { id: user.id, email: user.email };
      const back = (params: Record<string, string>) =>
        reply.redirect(authorizationResponseUrl(request.redirectUri, params, request.state, config.publicUrl), 303);

      const form = { decision: one(body.decision), target: one(body.target), workspaceId: one(body.workspace_id) ?? '', siteIds: many(body.site_id) };
      // What the user ticked comes back on the page if the answer is refused, so nothing has to be picked again.
      const kept = { workspaceId: form.workspaceId, target: form.target, siteIds: form.siteIds };
      try {
        const answer = readConsentForm(form, client);
        const install = client.installed ? undefined : (inTrx: typeof ctx, chosen: string) => installClient(inTrx, client, chosen, actor);
        const outcome = await decideConsent(ctx, { handle, app: client, user: actor, request, install }, answer);
        if (outcome.kind === 'expired') return expired(reply);
        if (outcome.kind === 'denied') {
          const denied = new AccessDenied('The user denied the authorization request.');
          return back({ error: denied.error, error_description: denied.description });
        }
        return back({ code: outcome.code });
      } catch (err) {
        // docs/dashboard.md, "Two-factor sign-in": the chosen workspace requires it; set it up, then come back to this request.
        if (err instanceof TwoFactorRequired)
          return reply.redirect(`/account?return_to=${encodeURIComponent(`${resumePath(handle)}&workspace=${err.workspaceId}`)}#two-factor`, 303);
        // Nothing was written and the request is still parked: the page says so and the user can answer again.
        if (err instanceof PlatformError) return render(req, reply, user, client, request, handle, kept, { message: err.message, status: 400 });
        req.log.error({ err }, 'consent decision not recorded');
        return render(req, reply, user, client, request, handle, kept, { message: NOT_RECORDED, status: 503 }).catch(() =>
          sendPage(reply, oauthErrorPage('Not recorded', 'temporarily_unavailable', NOT_RECORDED, runtime.config.catalogue), 503),
        );
      }
    });
  };
}
