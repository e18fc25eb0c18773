import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { loadPendingSignIn } from '../../platform/accounts/two-factor/pending-sign-in.js';
import { passkeyAuthenticationOptions, relyingPartyOf } from '../../platform/accounts/two-factor/passkeys.js';
import { secondFactorsOf } from '../../platform/accounts/two-factor/second-factor.js';
import { completeSecondStep, signInWithPasskey, type SecondProof } from '../../platform/accounts/two-factor/second-step.js';
import type { Runtime } from '../../runtime.js';
import { errorPage } from '../../views/layout.js';
import { secondStepPage } from '../../views/two-factor.js';
import { htmlFormErrors } from '../html-form-errors.js';
import { sameOriginPath } from '../same-origin-path.js';
import { sendPage } from '../security-headers.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The second step of sign-in and passwordless passkey sign-in (docs/dashboard.md, "Two-factor
 * sign-in"). The first step (`/login`, or an upstream provider's callback) leaves a pending-sign-in
 * cookie; `/login/two-factor` asks for a code or a passkey and only then makes the session, and sends
 * the browser where it was going (the consent screen, during an OAuth authorization).
 */
export function twoFactorLoginRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx, config } = runtime;
  const rp = relyingPartyOf(config.publicUrl, config.catalogue.productName);
  const formExpired = (reply: FastifyReply) =>
    sendPage(reply, errorPage('Form expired', 'Please go back, reload the page and try again.', config.catalogue), 403);
  const browserOf = (req: FastifyRequest) => ({
    address: req.ip,
    previousSession: req.sessionCookie(),
    device: req.deviceCookie(),
    browser: str(req.headers['user-agent']).slice(0, 300),
  });
  const page = async (req: FastifyRequest, reply: FastifyReply, error: string | undefined, status: number) => {
    const pending = await loadPendingSignIn(ctx, req.pendingSignInCookie());
    if (!pending) return reply.redirect('/login?done=two-factor-expired', 303);
    const factors = await secondFactorsOf(ctx, pending.user.id);
    const view = {
      csrfToken: req.csrfToken(reply),
      email: pending.user.email,
      totp: factors.totp,
      passkeys: factors.passkeys > 0,
      error,
      catalogue: config.catalogue,
    };
    return sendPage(reply, secondStepPage(view), status);
  };
  const answer = async (req: FastifyRequest, reply: FastifyReply, proof: SecondProof) => {
    const result = await completeSecondStep(ctx, rp, req.pendingSignInCookie(), proof, browserOf(req));
    switch (result.outcome) {
      case 'expired':
        reply.clearPendingSignInCookie();
        return reply.redirect('/login?done=two-factor-expired', 303);
      case 'throttled':
        reply.header('retry-after', String(result.retryAfterSeconds));
        return page(req, reply, `Too many wrong codes. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`, 429);
      case 'refused':
        return page(
          req,
          reply,
          proof.kind === 'passkey' ? 'That passkey was not accepted. Try again, or enter a code.' : 'That code is not right, or was already used.',
          401,
        );
      case 'signed-in':
        reply.clearPendingSignInCookie().setSessionCookie(result.session).setDeviceCookie(result.device);
        return reply.redirect(sameOriginPath(result.returnTo), 303);
    }
  };

  return async (app) => {
    htmlFormErrors(app);
    app.get('/login/two-factor', async (req, reply) => page(req, reply, undefined, 200));

    app.post('/login/two-factor', async (req, reply) => {
      if (!req.csrfValid()) return formExpired(reply);
      const body = (req.body ?? {}) as Record<string, unknown>;
      return answer(req, reply, { kind: 'code', code: str(body.code).slice(0, 40) });
    });

    // WebAuthn options for the second step: the pending account's passkeys.
    app.post('/login/two-factor/passkey/options', async (req, reply) => {
      if (!req.csrfValid()) return reply.code(403).send({ error: 'form expired' });
      const pending = await loadPendingSignIn(ctx, req.pendingSignInCookie());
      if (!pending) return reply.code(400).send({ error: 'sign-in expired' });
      const { options, handle } = await passkeyAuthenticationOptions(ctx, rp, pending.user.id);
      reply.setWebauthnCookie(handle).header('cache-control', 'no-store');
      return reply.send(options);
    });

    app.post('/login/two-factor/passkey', async (req, reply) => {
      if (!req.csrfValid()) return formExpired(reply);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const handle = req.webauthnCookie();
      reply.clearWebauthnCookie();
      return answer(req, reply, { kind: 'passkey', handle, response: parsed(str(body.response).slice(0, 20_000)) });
    });

    // Passwordless: any of the authenticator's discoverable passkeys for this site, with user verification.
    app.post('/login/passkey/options', async (req, reply) => {
      if (!req.csrfValid()) return reply.code(403).send({ error: 'form expired' });
      const { options, handle } = await passkeyAuthenticationOptions(ctx, rp, undefined);
      reply.setWebauthnCookie(handle).header('cache-control', 'no-store');
      return reply.send(options);
    });

    app.post('/login/passkey', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const returnTo = sameOriginPath(body.return_to);
      const back = (done: string) => reply.redirect(`/login?return_to=${encodeURIComponent(returnTo)}&done=${done}`, 303);
      if (!req.csrfValid()) return formExpired(reply);
      const handle = req.webauthnCookie();
      reply.clearWebauthnCookie();
      const result = await signInWithPasskey(ctx, rp, { handle, response: parsed(str(body.response).slice(0, 20_000)) }, browserOf(req));
      if (result.outcome === 'throttled') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        return back('passkey-throttled');
      }
      if (result.outcome === 'refused') return back('passkey-refused');
      reply.setSessionCookie(result.session).setDeviceCookie(result.device);
      return reply.redirect(returnTo, 303);
    });
  };
}
