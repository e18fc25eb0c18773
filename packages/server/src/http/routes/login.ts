import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../../platform/audit.js';
import { clearFailures, lockedFor, recordFailure } from '../../platform/login-throttle.js';
import { endSession, startSession } from '../../platform/sessions.js';
import { authenticateUser } from '../../platform/users.js';
import { listWorkspacesForUser } from '../../platform/workspaces.js';
import type { Runtime } from '../../runtime.js';
import { loginPage } from '../../views/login.js';
import { errorPage } from '../../views/layout.js';
import { SESSION_COOKIE } from '../plugins/session.js';
import { sameOriginPath } from '../same-origin-path.js';
import { htmlFormErrors } from '../html-form-errors.js';
import { sendPage } from '../security-headers.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Sign in and sign out, shared by the dashboard and the OAuth consent flow. */
export function loginRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  return async (app) => {
    htmlFormErrors(app);
    app.get('/login', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const returnTo = sameOriginPath(query.return_to);
      if (await req.currentUser()) return reply.redirect(returnTo, 303);
      return sendPage(reply, loginPage({ csrfToken: req.csrfToken(reply), returnTo, signupEnabled: runtime.config.signupEnabled }));
    });

    app.post('/login', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const returnTo = sameOriginPath(body.return_to);
      const email = str(body.email).trim().slice(0, 254);
      const password = str(body.password);
      const page = (error: string, status: number) =>
        sendPage(reply, loginPage({ csrfToken: req.csrfToken(reply), returnTo, email, error, signupEnabled: runtime.config.signupEnabled }), status);
      if (!req.csrfValid()) return page('Your form expired. Please try again.', 403);
      if (!email || !password) return page('Enter your email and password.', 400);
      const keys: Array<['email' | 'ip', string]> = [['email', email], ['ip', req.ip]];
      const wait = await lockedFor(ctx, keys);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return page(`Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.`, 429);
      }
      const user = await authenticateUser(ctx, email, password.slice(0, 1024));
      if (!user) {
        await recordFailure(ctx, keys);
        return page('Wrong email or password.', 401);
      }
      await clearFailures(ctx, email);
      const old = req.cookies[SESSION_COOKIE];
      if (old) await endSession(ctx, old);
      reply.setSessionCookie(await startSession(ctx, user.id));
      for (const ws of await listWorkspacesForUser(ctx, user.id)) {
        await recordAudit(ctx, { workspaceId: ws.id, actor: { id: user.id, email: user.email }, eventType: 'user_access', eventSubType: 'login', payload: {} });
      }
      return reply.redirect(returnTo, 303);
    });

    app.post('/logout', async (req, reply) => {
      if (!req.csrfValid()) return sendPage(reply, errorPage('Form expired', 'Please go back, reload the page and try again.'), 403);
      const value = req.cookies[SESSION_COOKIE];
      if (value) await endSession(ctx, value);
      reply.clearSessionCookie();
      return reply.redirect('/login', 303);
    });
  };
}
