import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { peekAccountLink } from '../../platform/accounts/account-links.js';
import { AttemptsThrottled } from '../../platform/accounts/attempt-throttle.js';
import { verifyEmail } from '../../platform/accounts/email-verification.js';
import { PlatformError } from '../../platform/errors.js';
import { LINK_SPENT, requestPasswordReset, resetPassword } from '../../platform/accounts/password-reset.js';
import type { Runtime } from '../../runtime.js';
import { confirmEmailPage } from '../../views/email-verification.js';
import { errorPage } from '../../views/layout.js';
import { RESET_REQUESTED, forgotPasswordPage, newPasswordPage, spentLinkPage } from '../../views/password-reset.js';
import { htmlFormErrors } from '../html-form-errors.js';
import { sendPage } from '../security-headers.js';

type TokenParams = { Params: { token: string } };
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const LINK = /^gth_[a-z]+_[A-Za-z0-9_-]{43}$/;

/**
 * The pages emailed links open, for people who may not be signed in (docs/dashboard.md, "Password
 * reset", "Email verification"). Every form carries the CSRF token; a link is spent only by a POST.
 */
export function accountLinkRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const expiredForm = (reply: FastifyReply) =>
    sendPage(reply, errorPage('Form expired', 'Please go back, reload the page and try again.', reply.server.catalogue), 403);
  const spentReset = (reply: FastifyReply) =>
    sendPage(
      reply,
      spentLinkPage({ title: 'Link expired', message: LINK_SPENT, again: { href: '/password/forgot', label: 'Ask for a new link' } }, reply.server.catalogue),
      410,
    );
  const spentVerification = (reply: FastifyReply) =>
    sendPage(
      reply,
      spentLinkPage(
        {
          title: 'Link expired',
          message: 'This link has expired or was already used. Sign in and send a new one from your account page.',
          again: { href: '/account', label: 'Go to your account' },
        },
        reply.server.catalogue,
      ),
      410,
    );

  return async (app) => {
    htmlFormErrors(app);

    app.get('/password/forgot', async (req, reply) => sendPage(reply, forgotPasswordPage({ csrf: req.csrfToken(reply) }, reply.server.catalogue)));

    app.post('/password/forgot', async (req, reply) => {
      if (!req.csrfValid()) return expiredForm(reply);
      const email = str(bodyOf(req).email).trim().slice(0, 254);
      if (!email) return sendPage(reply, forgotPasswordPage({ csrf: req.csrfToken(reply), error: 'Enter your email address.' }, reply.server.catalogue), 400);
      try {
        await requestPasswordReset(ctx, email, req.ip);
      } catch (err) {
        if (!(err instanceof AttemptsThrottled)) throw err;
        reply.header('retry-after', String(err.retryAfterSeconds));
        return sendPage(reply, forgotPasswordPage({ csrf: req.csrfToken(reply), email, error: err.message }, reply.server.catalogue), 429);
      }
      return sendPage(reply, forgotPasswordPage({ csrf: req.csrfToken(reply), notice: RESET_REQUESTED }, reply.server.catalogue));
    });

    app.get<TokenParams>('/password/reset/:token', async (req, reply) => {
      const token = req.params.token;
      if (!LINK.test(token) || !(await peekAccountLink(ctx, token, 'password-reset'))) return spentReset(reply);
      return sendPage(reply, newPasswordPage({ csrf: req.csrfToken(reply), action: `/password/reset/${token}` }, reply.server.catalogue));
    });

    app.post<TokenParams>('/password/reset/:token', async (req, reply) => {
      const token = req.params.token;
      if (!req.csrfValid()) return expiredForm(reply);
      if (!LINK.test(token)) return spentReset(reply);
      const body = bodyOf(req);
      const next = str(body.new_password).slice(0, 1025);
      const form = (errors: Record<string, string>) =>
        sendPage(
          reply,
          newPasswordPage(
            { csrf: req.csrfToken(reply), action: `/password/reset/${token}`, errors, message: 'Please fix the fields marked below.' },
            reply.server.catalogue,
          ),
          400,
        );
      if (next !== str(body.confirm_password).slice(0, 1025)) return form({ confirm: 'The two passwords differ' });
      try {
        await resetPassword(ctx, token, next);
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        if (err.code === 'conflict') return spentReset(reply);
        return form(Object.fromEntries(err.details.map((d) => [d.field, d.message])));
      }
      reply.clearSessionCookie();
      return reply.redirect('/login?done=password-reset', 303);
    });

    app.get<TokenParams>('/verify-email/:token', async (req, reply) => {
      const token = req.params.token;
      if (!LINK.test(token) || !(await peekAccountLink(ctx, token, 'email-verification'))) return spentVerification(reply);
      return sendPage(reply, confirmEmailPage({ csrf: req.csrfToken(reply), action: `/verify-email/${token}` }, reply.server.catalogue));
    });

    app.post<TokenParams>('/verify-email/:token', async (req, reply) => {
      const token = req.params.token;
      if (!req.csrfValid()) return expiredForm(reply);
      if (!LINK.test(token) || !(await verifyEmail(ctx, token))) return spentVerification(reply);
      return reply.redirect((await req.currentUser()) ? '/account?done=email-verified' : '/login?done=email-verified', 303);
    });
  };
}
