import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NO_LONGER_VALID, acceptInvitation, findInvitationOffer } from '../../platform/workspaces/invitation-acceptance.js';
import { PlatformError } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { invitationPage } from '../../views/invitation.js';
import { errorPage } from '../../views/layout.js';
import { inLevelWords } from '../../oauth/level-words.js';
import { htmlFormErrors } from '../html-form-errors.js';
import { sendPage } from '../security-headers.js';

type TokenParams = { Params: { token: string } };
const INVITATION_LINK = /^gth_inv_[A-Za-z0-9_-]{43}$/;

/** docs/dashboard.md, "Invitations": the page an invitation link opens, and accepting it. */
export function invitationRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const unknown = (reply: FastifyReply) =>
    sendPage(reply, errorPage('Invitation not found', inLevelWords(reply.server.catalogue, NO_LONGER_VALID), reply.server.catalogue), 404);
  const show = async (req: FastifyRequest, reply: FastifyReply, token: string, error?: string, status = 200) => {
    const offer = INVITATION_LINK.test(token) ? await findInvitationOffer(ctx, token) : undefined;
    if (!offer) return unknown(reply);
    const user = await req.currentUser();
    const view = {
      csrf: req.csrfToken(reply),
      offer,
      path: `/invitations/${token}`,
      signedInAs: user?.email,
      signupEnabled: runtime.config.signupEnabled,
      error,
    };
    return sendPage(reply, invitationPage(view, reply.server.catalogue), status);
  };
  return async (app) => {
    htmlFormErrors(app);

    app.get<TokenParams>('/invitations/:token', async (req, reply) => show(req, reply, req.params.token));

    app.post<TokenParams>('/invitations/:token/accept', async (req, reply) => {
      const token = req.params.token;
      if (!req.csrfValid()) return sendPage(reply, errorPage('Form expired', 'Please go back, reload the page and try again.', reply.server.catalogue), 403);
      if (!INVITATION_LINK.test(token)) return unknown(reply);
      const user = await req.currentUser();
      if (!user) return reply.redirect(`/login?return_to=${encodeURIComponent(`/invitations/${token}`)}`, 303);
      try {
        const { workspaceId } = await acceptInvitation(ctx, token, user);
        return reply.redirect(`/workspaces/${workspaceId}?done=invitation-accepted`, 303);
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        return show(req, reply, token, err.message, err.code === 'forbidden' ? 403 : 410);
      }
    });
  };
}
