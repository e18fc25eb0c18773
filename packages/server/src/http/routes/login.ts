import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { endSession } from '../../platform/accounts/sessions.js';
import { askingApp } from '../../platform/authorization/asking-app.js';
import { signIn } from '../../platform/accounts/sign-in.js';
import type { Runtime } from '../../runtime.js';
import { loginPage } from '../../views/login.js';
import { errorPage } from '../../views/layout.js';
import { sameOriginPath } from '../same-origin-path.js';
import { htmlFormErrors } from '../html-form-errors.js';
import { allowImagesFrom, sendPage } from '../security-headers.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Sign-up answers every address alike (docs/dashboard.md, "Accounts"), so this notice fits both cases. */
export const SIGNED_UP =
  'Sign-up received. We emailed the address a link to confirm it. Sign in with your email and password. If this address already had an account, its password is unchanged.';

const LOGIN_NOTICES: Record<string, string> = {
  'signed-up': SIGNED_UP,
  'password-reset': 'Your password was changed and every session was signed out. Sign in with the new password.',
  'email-verified': 'Your email address is confirmed. Sign in to continue.',
  'two-factor-expired': 'The sign-in took too long or was started in another browser. Sign in again.',
  'passkey-refused': 'That passkey was not accepted here. Sign in with your email and password.',
  'passkey-throttled': 'Too many passkey attempts from your network. Try again in a few minutes.',
};

/** Sign in and sign out, shared by the dashboard and the OAuth consent flow. */
export function loginRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const signInOptions = {
    signupEnabled: runtime.config.signupEnabled,
    passwords: runtime.config.localPasswords,
    providers: runtime.config.upstreamProviders.map((p) => ({ id: p.id, name: p.name })),
  };
  /** The app an OAuth sign-in is for, with its logo's origin allowed on this page. */
  const askingFor = async (returnTo: string, reply: FastifyReply) => {
    const asking = await askingApp(ctx, returnTo);
    if (asking?.logoUrl) allowImagesFrom(reply, new URL(asking.logoUrl).origin);
    return asking;
  };
  return async (app) => {
    htmlFormErrors(app);
    app.get('/login', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const returnTo = sameOriginPath(query.return_to);
      if (await req.currentUser()) return reply.redirect(returnTo, 303);
      const notice = typeof query.done === 'string' ? LOGIN_NOTICES[query.done] : undefined;
      const asking = await askingFor(returnTo, reply);
      return sendPage(reply, loginPage({ csrfToken: req.csrfToken(reply), returnTo, notice, ...signInOptions, catalogue: runtime.config.catalogue, asking }));
    });

    app.post('/login', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const returnTo = sameOriginPath(body.return_to);
      const email = str(body.email).trim().slice(0, 254);
      const password = str(body.password);
      const page = async (error: string, status: number) =>
        sendPage(
          reply,
          loginPage({
            csrfToken: req.csrfToken(reply),
            returnTo,
            email,
            error,
            ...signInOptions,
            catalogue: runtime.config.catalogue,
            asking: await askingFor(returnTo, reply),
          }),
          status,
        );
      if (!runtime.config.localPasswords) return page('Password sign-in is turned off here. Use one of the sign-in options below.', 403);
      if (!req.csrfValid()) return page('Your form expired. Please try again.', 403);
      if (!email || !password) return page('Enter your email and password.', 400);
      const browser = str(req.headers['user-agent']).slice(0, 300);
      const result = await signIn(ctx, {
        email,
        password: password.slice(0, 1024),
        address: req.ip,
        previousSession: req.sessionCookie(),
        device: req.deviceCookie(),
        browser,
        returnTo,
      });
      if (result.outcome === 'throttled') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        return page(`Too many failed attempts. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`, 429);
      }
      if (result.outcome === 'refused') return page('Wrong email or password.', 401);
      if (result.outcome === 'second-factor') return reply.setPendingSignInCookie(result.pending).redirect('/login/two-factor', 303);
      reply.setSessionCookie(result.session).setDeviceCookie(result.device);
      return reply.redirect(returnTo, 303);
    });

    app.post('/logout', async (req, reply) => {
      if (!req.csrfValid()) return sendPage(reply, errorPage('Form expired', 'Please go back, reload the page and try again.', runtime.config.catalogue), 403);
      const value = req.sessionCookie();
      if (value) await endSession(ctx, value);
      reply.clearSessionCookie();
      return reply.redirect('/login', 303);
    });
  };
}
