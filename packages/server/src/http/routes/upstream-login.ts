import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../platform/apps/redirect-uris.js';
import { UpstreamClients, type PendingUpstream } from '../../platform/upstream/oidc-client.js';
import { signInUpstream } from '../../platform/upstream/upstream-sign-in.js';
import type { Runtime } from '../../runtime.js';
import { errorPage } from '../../views/layout.js';
import { cookieName } from '../plugins/session.js';
import { sameOriginPath } from '../same-origin-path.js';
import { sendPage } from '../security-headers.js';

/** How long the browser has to come back from the provider. */
const PENDING_SECONDS = 600;

/**
 * Sign-in with an upstream OpenID provider (docs/authentication.md, "Sign-in with your identity
 * provider"): `/login/upstream/<id>` sends the browser to the provider with state, nonce and PKCE kept in
 * a sealed cookie; the provider sends it back to `/login/upstream/<id>/callback`, where the answer is
 * checked and the person is signed in to the account with that verified email.
 */
export function upstreamLoginRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx, config } = runtime;
  const clients = new UpstreamClients(config.upstreamProviders);
  const secure = !isLoopbackHost(new URL(config.publicUrl).hostname);
  const pendingCookie = cookieName('gatehouse_upstream', secure);
  // Lax, not Strict: the provider's redirect back is a cross-site navigation, and it must carry this cookie.
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
  const callbackUrl = (id: string) => `${config.publicUrl}/login/upstream/${id}/callback`;
  const failed = (reply: FastifyReply, name: string, why: string, status = 400) =>
    sendPage(reply, errorPage(`Sign-in with ${name} failed`, why, config.catalogue), status);

  const readPending = (req: FastifyRequest): PendingUpstream | undefined => {
    const sealed = req.cookies[pendingCookie];
    if (!sealed) return undefined;
    try {
      const value = JSON.parse(ctx.secrets.open(sealed)) as PendingUpstream & { expiresAt: number };
      return value.expiresAt > ctx.now().getTime() ? value : undefined;
    } catch {
      return undefined;
    }
  };

  return async (app) => {
    app.get<{ Params: { provider: string }; Querystring: { return_to?: unknown } }>('/login/upstream/:provider', async (req, reply) => {
      const provider = clients.provider(req.params.provider);
      if (!provider)
        return sendPage(
          reply,
          errorPage('Unknown sign-in provider', 'There is no such sign-in option. Go back and pick one from the sign-in page.', config.catalogue),
          404,
        );
      let started: Awaited<ReturnType<UpstreamClients['start']>>;
      try {
        started = await clients.start(provider, callbackUrl(provider.id), sameOriginPath(req.query.return_to));
      } catch (err) {
        req.log.warn({ err, provider: provider.id }, 'upstream provider discovery failed');
        return failed(reply, provider.name, `${provider.name} cannot be reached right now. Try again shortly.`, 503).header('retry-after', '5');
      }
      reply.setCookie(pendingCookie, ctx.secrets.seal(JSON.stringify({ ...started.pending, expiresAt: ctx.now().getTime() + PENDING_SECONDS * 1000 })), {
        ...cookieOptions,
        maxAge: PENDING_SECONDS,
      });
      return reply.redirect(started.url.href, 303);
    });

    app.get<{ Params: { provider: string } }>('/login/upstream/:provider/callback', async (req, reply) => {
      const provider = clients.provider(req.params.provider);
      if (!provider) return sendPage(reply, errorPage('Unknown sign-in provider', 'There is no such sign-in option.', config.catalogue), 404);
      const pending = readPending(req);
      reply.clearCookie(pendingCookie, cookieOptions);
      if (!pending || pending.providerId !== provider.id)
        return failed(reply, provider.name, 'This sign-in took too long or was started in another browser. Start again from the sign-in page.');
      const query = new URL(req.url, config.publicUrl).searchParams;
      if (query.get('error')) return failed(reply, provider.name, `${provider.name} did not sign you in (${query.get('error')}).`);
      let claims: Awaited<ReturnType<UpstreamClients['finish']>>;
      try {
        claims = await clients.finish(provider, new URL(`${callbackUrl(provider.id)}?${query.toString()}`), pending);
      } catch (err) {
        req.log.warn({ err, provider: provider.id }, 'upstream sign-in answer refused');
        return failed(reply, provider.name, `The answer from ${provider.name} could not be verified. Start again from the sign-in page.`);
      }
      const result = await signInUpstream(ctx, { providerId: provider.id, ...claims, previousSession: req.sessionCookie(), returnTo: pending.returnTo });
      if (result.outcome === 'refused') return failed(reply, provider.name, result.reason, 403);
      if (result.outcome === 'second-factor') return reply.setPendingSignInCookie(result.pending).redirect('/login/two-factor', 303);
      reply.setSessionCookie(result.session);
      return reply.redirect(pending.returnTo, 303);
    });
  };
}
