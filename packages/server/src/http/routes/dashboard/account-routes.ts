import type { FastifyPluginAsync } from 'fastify';
import { validation } from '../../../platform/errors.js';
import { AttemptsThrottled, countAttempt, throttledAddress } from '../../../platform/accounts/attempt-throttle.js';
import { endOtherSessions } from '../../../platform/accounts/sessions.js';
import { existingAccountMail } from '../../../platform/accounts/account-mail.js';
import { resendVerification, sendVerificationSoon } from '../../../platform/accounts/email-verification.js';
import { MailNotSent } from '../../../mail/mailer.js';
import { changePassword, createUser, findUserByEmail } from '../../../platform/accounts/users.js';
import type { Runtime } from '../../../runtime.js';
import { accountPage, signupPage } from '../../../views/dashboard/account.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { errorPage } from '../../../views/layout.js';
import { sameOriginPath } from '../../same-origin-path.js';
import { sendPage } from '../../security-headers.js';
import { accountViewOf } from './account-view.js';
import { fieldErrors, formOf, frameOf, noticeOf, one, orFormErrors, seeOther, viewer } from './dashboard-request.js';

/** Sign up (when SIGNUP_ENABLED) and the account page with password change. */
export function accountRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const closed = () =>
    errorPage('Sign-up is closed', 'This Gatehouse does not accept new accounts. Ask an administrator to create one for you.', runtime.config.catalogue);
  return async (app) => {
    app.get('/signup', async (req, reply) => {
      if (!runtime.config.signupEnabled) return sendPage(reply, closed(), 404);
      const returnTo = sameOriginPath((req.query as Record<string, unknown>).return_to);
      if (await req.currentUser()) return reply.redirect(returnTo, 303);
      const email = (req.query as Record<string, unknown>).email;
      const values = typeof email === 'string' ? { email: email.slice(0, 254), firstName: '', lastName: '' } : undefined;
      return sendPage(reply, signupPage({ csrf: req.csrfToken(reply), returnTo, ...(values ? { values } : {}), catalogue: runtime.config.catalogue }));
    });

    app.post('/signup', async (req, reply) => {
      if (!runtime.config.signupEnabled) return sendPage(reply, closed(), 404);
      const body = formOf(req);
      const returnTo = sameOriginPath(body.return_to);
      const values = { email: one(body, 'email', 254), firstName: one(body, 'first_name', 100), lastName: one(body, 'last_name', 100) };
      const admission = await countAttempt(ctx, [['sign-up', throttledAddress(req.ip)]]);
      if (!admission.allowed) {
        reply.header('retry-after', String(admission.retryAfterSeconds));
        const message = `Too many sign-ups from your network. Try again in ${Math.ceil(admission.retryAfterSeconds / 60)} minutes.`;
        return sendPage(reply, signupPage({ csrf: req.csrfToken(reply), returnTo, values, message, catalogue: runtime.config.catalogue }), 429);
      }
      const result = await orFormErrors(() => createUser(ctx, { ...values, password: one(body, 'password', 1024), emailVerified: false }));
      // An address that already has an account gets the same answer as a new one (docs/dashboard.md,
      // "Accounts"): no session either way, and the existing account is left as it was.
      if ('error' in result && result.error.code !== 'conflict') {
        const page = signupPage({
          csrf: req.csrfToken(reply),
          returnTo,
          values,
          errors: fieldErrors(result.error),
          message: 'Please fix the fields marked below.',
          catalogue: runtime.config.catalogue,
        });
        return sendPage(reply, page, 400);
      }
      // Either way an email goes to the address, in the background: a link to confirm it, or word to its owner.
      if ('ok' in result) await sendVerificationSoon(ctx, result.ok);
      else {
        const owner = await findUserByEmail(ctx, values.email);
        if (owner)
          ctx.mail.sendSoon(
            existingAccountMail(ctx.catalogue, owner.email, { signInLink: ctx.mail.link('/login'), resetLink: ctx.mail.link('/password/forgot') }),
          );
      }
      return reply.redirect(`/login?return_to=${encodeURIComponent(returnTo)}&done=signed-up`, 303);
    });

    app.get('/account', async (req, reply) => {
      const user = await viewer(req);
      const notice = noticeText(req.server.catalogue, noticeOf(req));
      const back = (req.query as Record<string, unknown>).return_to;
      const returnTo = typeof back === 'string' && back ? sameOriginPath(back) : undefined;
      return sendPage(reply, accountPage(frameOf(req, reply, user), await accountViewOf(ctx, user, { notice, returnTo })));
    });

    // The re-send button of the account page and of the consent screen's "confirm your address first" page.
    app.post('/account/verification', async (req, reply) => {
      const user = await viewer(req);
      const back = sameOriginPath(formOf(req).return_to, '/account');
      const outcome = await resendVerification(ctx, user).then(
        () => 'verification-sent',
        (err: unknown) => {
          if (err instanceof AttemptsThrottled) return 'verification-throttled';
          if (err instanceof MailNotSent) return 'verification-not-sent';
          throw err;
        },
      );
      return seeOther(reply, back, outcome);
    });

    app.post('/account/password', async (req, reply) => {
      const user = await viewer(req);
      const body = formOf(req);
      const next = one(body, 'new_password', 1024);
      const result = await orFormErrors(async () => {
        if (next !== one(body, 'confirm_password', 1024)) throw validation('confirm', 'The two new passwords differ');
        await changePassword(ctx, user.id, one(body, 'current_password', 1024), next);
      }).catch((err: unknown) => {
        if (err instanceof AttemptsThrottled) return { throttled: err };
        throw err;
      });
      if ('throttled' in result) {
        reply.header('retry-after', String(result.throttled.retryAfterSeconds));
        const view = await accountViewOf(ctx, user, { errors: { currentPassword: result.throttled.message } });
        return sendPage(reply, accountPage(frameOf(req, reply, user), view), 429);
      }
      if ('error' in result) {
        const view = await accountViewOf(ctx, user, { errors: fieldErrors(result.error) });
        return sendPage(reply, accountPage(frameOf(req, reply, user), view), 400);
      }
      await endOtherSessions(ctx, user.id, req.sessionCookie());
      return seeOther(reply, '/account', 'password');
    });
  };
}
