import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { safeEqual } from '../../crypto/tokens.js';
import { isLoopbackHost } from '../../platform/redirect-uris.js';
import { resolveSession } from '../../platform/sessions.js';
import type { User } from '../../platform/users.js';
import type { Runtime } from '../../runtime.js';

export const SESSION_COOKIE = 'gatehouse_session';
export const CSRF_COOKIE = 'gatehouse_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in dashboard user, resolved lazily from the session cookie. */
    currentUser(): Promise<User | undefined>;
    /** The CSRF token to put in every form as `_csrf` (sets the CSRF cookie when needed). */
    csrfToken(reply: FastifyReply): string;
    /** True when the form's `_csrf` matches this browser's CSRF cookie. */
    csrfValid(): boolean;
  }
  interface FastifyReply {
    setSessionCookie(value: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
}

/**
 * Dashboard and consent sessions, and CSRF protection by a signed double-submit cookie (OWASP):
 * the form carries HMAC(key, cookie), which a cross-site page can neither read nor forge.
 */
export const sessionPlugin = (runtime: Runtime): FastifyPluginAsync =>
  fp(async (app) => {
    const csrfKey = runtime.ctx.secrets.deriveKey('csrf');
    const secure = !isLoopbackHost(new URL(runtime.config.publicUrl).hostname);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
    const sign = (value: string) => createHmac('sha256', csrfKey).update(value).digest('base64url');

    app.decorateRequest('currentUser', function (this: FastifyRequest) {
      const value = this.cookies[SESSION_COOKIE];
      const cache = this as FastifyRequest & { userPromise?: Promise<User | undefined> };
      cache.userPromise ??= value ? resolveSession(runtime.ctx, value) : Promise.resolve(undefined);
      return cache.userPromise;
    });

    app.decorateRequest('csrfToken', function (this: FastifyRequest, reply: FastifyReply) {
      const holder = this as FastifyRequest & { issuedCsrf?: string };
      let value = this.cookies[CSRF_COOKIE] ?? holder.issuedCsrf;
      if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
        value = randomBytes(32).toString('base64url');
        reply.setCookie(CSRF_COOKIE, value, cookieOptions);
      }
      holder.issuedCsrf = value;
      return sign(value);
    });

    app.decorateRequest('csrfValid', function (this: FastifyRequest) {
      const cookie = this.cookies[CSRF_COOKIE];
      const body = this.body as Record<string, unknown> | undefined;
      const sent = body && typeof body === 'object' ? body._csrf : undefined;
      return typeof cookie === 'string' && typeof sent === 'string' && safeEqual(sent, sign(cookie));
    });

    app.decorateReply('setSessionCookie', function (this: FastifyReply, value: string) {
      return this.setCookie(SESSION_COOKIE, value, { ...cookieOptions, maxAge: 14 * 24 * 60 * 60 });
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(SESSION_COOKIE, cookieOptions);
    });
  });
