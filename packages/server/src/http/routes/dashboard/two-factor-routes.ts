import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AttemptsThrottled } from '../../../platform/accounts/attempt-throttle.js';
import { passkeyRegistrationOptions, relyingPartyOf } from '../../../platform/accounts/two-factor/passkeys.js';
import { beginTotpSetup, pendingTotpSetup } from '../../../platform/accounts/two-factor/totp.js';
import {
  addPasskey,
  confirmTotp,
  deletePasskey,
  regenerateRecoveryCodes,
  turnOffTwoFactor,
} from '../../../platform/accounts/two-factor/two-factor-settings.js';
import type { User } from '../../../platform/accounts/users.js';
import { PlatformError } from '../../../platform/errors.js';
import type { Runtime } from '../../../runtime.js';
import { accountPage, recoveryCodesPage, totpSetupPage } from '../../../views/dashboard/account.js';
import { sameOriginPath } from '../../same-origin-path.js';
import { sendPage } from '../../security-headers.js';
import { accountViewOf } from './account-view.js';
import { fieldErrors, formOf, frameOf, one, orFormErrors, seeOther, viewer } from './dashboard-request.js';

/**
 * The account page's two-factor forms (docs/dashboard.md, "Two-factor sign-in"): set up an authenticator
 * app, add and remove passkeys, make new recovery codes, turn it all off.
 */
export function twoFactorRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx, config } = runtime;
  const rp = relyingPartyOf(config.publicUrl, config.catalogue.productName);
  const returnToOf = (body: Record<string, unknown>) => {
    const value = one(body, 'return_to', 2000);
    return value ? sameOriginPath(value) : undefined;
  };
  /** The account page again, with the two-factor section's messages. */
  const accountWith = async (req: FastifyRequest, reply: FastifyReply, user: User, err: PlatformError | AttemptsThrottled, returnTo?: string) => {
    const errors = err instanceof AttemptsThrottled ? { proof: err.message, passkey: err.message } : fieldErrors(err);
    if (err instanceof AttemptsThrottled) reply.header('retry-after', String(err.retryAfterSeconds));
    const view = await accountViewOf(ctx, user, { twoFactorErrors: errors, returnTo });
    return sendPage(reply, accountPage(frameOf(req, reply, user), view), err instanceof AttemptsThrottled ? 429 : err.code === 'not_found' ? 404 : 400);
  };
  const throttledOrForm = async <T>(work: () => Promise<T>) =>
    orFormErrors(work).catch((err: unknown) => {
      if (err instanceof AttemptsThrottled) return { error: err };
      if (err instanceof PlatformError && err.code === 'not_found') return { error: err };
      throw err;
    });

  return async (app) => {
    app.post('/account/two-factor/totp', async (req, reply) => {
      const user = await viewer(req);
      const returnTo = returnToOf(formOf(req));
      const setup = await beginTotpSetup(ctx, user).catch(() => undefined);
      if (!setup) return seeOther(reply, '/account', 'totp-already-on');
      return sendPage(reply, totpSetupPage(frameOf(req, reply, user), { secret: setup.secret, qrSvg: setup.qrSvg, returnTo }));
    });

    app.post('/account/two-factor/totp/confirm', async (req, reply) => {
      const user = await viewer(req);
      const body = formOf(req);
      const returnTo = returnToOf(body);
      const result = await throttledOrForm(() => confirmTotp(ctx, user, one(body, 'code', 20)));
      if ('error' in result) {
        const setup = await pendingTotpSetup(ctx, user);
        if (!setup) return seeOther(reply, '/account', 'totp-already-on');
        const status = result.error instanceof AttemptsThrottled ? 429 : 400;
        return sendPage(
          reply,
          totpSetupPage(frameOf(req, reply, user), { secret: setup.secret, qrSvg: setup.qrSvg, error: result.error.message, returnTo }),
          status,
        );
      }
      const next = returnTo ?? '/account?done=two-factor-on';
      if (result.ok.recoveryCodes) return sendPage(reply, recoveryCodesPage(frameOf(req, reply, user), result.ok.recoveryCodes, next));
      return reply.redirect(next, 303);
    });

    app.post('/account/two-factor/recovery-codes', async (req, reply) => {
      const user = await viewer(req);
      const result = await throttledOrForm(() => regenerateRecoveryCodes(ctx, user));
      if ('error' in result) return accountWith(req, reply, user, result.error);
      return sendPage(reply, recoveryCodesPage(frameOf(req, reply, user), result.ok, '/account?done=recovery-codes-replaced'));
    });

    app.post('/account/two-factor/off', async (req, reply) => {
      const user = await viewer(req);
      const result = await throttledOrForm(() => turnOffTwoFactor(ctx, user, one(formOf(req), 'proof', 1024)));
      if ('error' in result) return accountWith(req, reply, user, result.error);
      return seeOther(reply, '/account', 'two-factor-off');
    });

    // The options of a WebAuthn registration, fetched by /assets/passkeys.js (a form post, so the CSRF check holds).
    app.post('/account/passkeys/options', async (req, reply) => {
      const user = await viewer(req);
      const { options, handle } = await passkeyRegistrationOptions(ctx, rp, user);
      reply.setWebauthnCookie(handle).header('cache-control', 'no-store');
      return reply.type('application/json').send(options);
    });

    app.post('/account/passkeys', async (req, reply) => {
      const user = await viewer(req);
      const body = formOf(req);
      const returnTo = returnToOf(body);
      let response: unknown;
      try {
        response = JSON.parse(one(body, 'response', 20_000));
      } catch {
        response = undefined;
      }
      const handle = req.webauthnCookie();
      reply.clearWebauthnCookie();
      const result = await throttledOrForm(() => addPasskey(ctx, rp, user, { handle, name: one(body, 'name', 200), response }));
      if ('error' in result) return accountWith(req, reply, user, result.error, returnTo);
      const next = returnTo ?? '/account?done=passkey-added';
      if (result.ok.recoveryCodes) return sendPage(reply, recoveryCodesPage(frameOf(req, reply, user), result.ok.recoveryCodes, next));
      return reply.redirect(next, 303);
    });

    app.post<{ Params: { id: string } }>('/account/passkeys/:id/remove', async (req, reply) => {
      const user = await viewer(req);
      const result = await throttledOrForm(() => deletePasskey(ctx, user, req.params.id.slice(0, 1400), one(formOf(req), 'proof', 1024)));
      if ('error' in result) return accountWith(req, reply, user, result.error);
      return seeOther(reply, '/account', 'passkey-removed');
    });
  };
}
