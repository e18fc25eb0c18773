import type { FastifyPluginAsync } from 'fastify';
import { validation } from '../../../platform/errors.js';
import { lockedFor, recordFailure } from '../../../platform/login-throttle.js';
import { endOtherSessions, startSession } from '../../../platform/sessions.js';
import { changePassword, createUser } from '../../../platform/users.js';
import type { Runtime } from '../../../runtime.js';
import { accountPage, signupPage } from '../../../views/dashboard/account.js';
import { errorPage } from '../../../views/layout.js';
import { SESSION_COOKIE } from '../../plugins/session.js';
import { sameOriginPath } from '../../same-origin-path.js';
import { sendPage } from '../../security-headers.js';
import { fieldErrors, formOf, frameOf, noticeOf, one, orFormErrors, seeOther, viewer } from './dashboard-request.js';

/** Sign up (when SIGNUP_ENABLED) and the account page with password change. */
export function accountRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const closed = () => errorPage('Sign-up is closed', 'This Gatehouse does not accept new accounts. Ask an administrator to create one for you.');
  return async (app) => {
    app.get('/signup', async (req, reply) => {
      if (!runtime.config.signupEnabled) return sendPage(reply, closed(), 404);
      const returnTo = sameOriginPath((req.query as Record<string, unknown>).return_to);
      if (await req.currentUser()) return reply.redirect(returnTo, 303);
      return sendPage(reply, signupPage({ csrf: req.csrfToken(reply), returnTo }));
    });

    app.post('/signup', async (req, reply) => {
      if (!runtime.config.signupEnabled) return sendPage(reply, closed(), 404);
      const body = formOf(req);
      const returnTo = sameOriginPath(body.return_to);
      const values = { email: one(body, 'email', 254), firstName: one(body, 'first_name', 100), lastName: one(body, 'last_name', 100) };
      const throttle: Array<['signup', string]> = [['signup', req.ip]];
      const wait = await lockedFor(ctx, throttle);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        const message = `Too many sign-ups from your network. Try again in ${Math.ceil(wait / 60)} minutes.`;
        return sendPage(reply, signupPage({ csrf: req.csrfToken(reply), returnTo, values, message }), 429);
      }
      await recordFailure(ctx, throttle);
      const result = await orFormErrors(() => createUser(ctx, { ...values, password: one(body, 'password', 1024) }));
      if ('error' in result) {
        const page = signupPage({ csrf: req.csrfToken(reply), returnTo, values, errors: fieldErrors(result.error), message: 'Please fix the fields marked below.' });
        return sendPage(reply, page, result.error.code === 'conflict' ? 409 : 400);
      }
      reply.setSessionCookie(await startSession(ctx, result.ok.id));
      return reply.redirect(returnTo, 303);
    });

    app.get('/account', async (req, reply) => {
      const user = await viewer(req);
      const notice = noticeOf(req) === 'password' ? 'Your password was changed.' : undefined;
      return sendPage(reply, accountPage(frameOf(req, reply, user), { name: `${user.firstName} ${user.lastName}`.trim(), email: user.email, notice }));
    });

    app.post('/account/password', async (req, reply) => {
      const user = await viewer(req);
      const body = formOf(req);
      const next = one(body, 'new_password', 1024);
      const result = await orFormErrors(async () => {
        if (next !== one(body, 'confirm_password', 1024)) throw validation('confirm', 'The two new passwords differ');
        await changePassword(ctx, user.id, one(body, 'current_password', 1024), next);
      });
      if ('error' in result) {
        const view = { name: `${user.firstName} ${user.lastName}`.trim(), email: user.email, errors: fieldErrors(result.error) };
        return sendPage(reply, accountPage(frameOf(req, reply, user), view), 400);
      }
      await endOtherSessions(ctx, user.id, req.cookies[SESSION_COOKIE]);
      return seeOther(reply, '/account', 'password');
    });
  };
}
