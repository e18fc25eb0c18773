import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { safeEqual } from '../../crypto/tokens.js';
import { isLoopbackHost } from '../../platform/apps/redirect-uris.js';
import { resolveSession } from '../../platform/accounts/sessions.js';
import type { User } from '../../platform/accounts/users.js';
import { PENDING_SIGN_IN_TTL_MS } from '../../platform/accounts/two-factor/pending-sign-in.js';
import { CHALLENGE_TTL_MS } from '../../platform/accounts/two-factor/webauthn-challenges.js';
import type { Runtime } from '../../runtime.js';

export const SESSION_COOKIE = 'gatehouse_session';
export const CSRF_COOKIE = 'gatehouse_csrf';
export const DEVICE_COOKIE = 'gatehouse_device';
/** A sign-in waiting for its second step (platform/accounts/two-factor/pending-sign-in.ts). */
export const PENDING_SIGN_IN_COOKIE = 'gatehouse_pending_sign_in';
/** The handle of the WebAuthn challenge this browser was given (platform/accounts/two-factor/webauthn-challenges.ts). */
export const WEBAUTHN_COOKIE = 'gatehouse_webauthn';

/**
 * The name a cookie goes by. With `Secure` (PUBLIC_URL outside loopback) it carries the `__Host-`
 * prefix (RFC 6265bis §4.1.3.2): browsers accept such a cookie only over https, with `Path=/` and no
 * `Domain`, so neither a sibling subdomain nor a plain-http page can plant one.
 */
export const cookieName = (base: string, secure: boolean): string => (secure ? `__Host-${base}` : base);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in dashboard user, resolved lazily from the session cookie. */
    currentUser(): Promise<User | undefined>;
    /** The session cookie's value as the browser sent it, whether or not it is still valid. */
    sessionCookie(): string | undefined;
    /** The long-lived device cookie (platform/accounts/known-devices.ts), as sent. */
    deviceCookie(): string | undefined;
    /** The pending sign-in cookie, as sent. */
    pendingSignInCookie(): string | undefined;
    /** The WebAuthn challenge handle, as sent. */
    webauthnCookie(): string | undefined;
    /** The CSRF token to put in every form as `_csrf` (sets the CSRF cookie when needed). */
    csrfToken(reply: FastifyReply): string;
    /** True when the form's `_csrf` is the token of this browser's session (or, signed out, of its CSRF cookie). */
    csrfValid(): boolean;
  }
  interface FastifyReply {
    setSessionCookie(value: string): FastifyReply;
    setDeviceCookie(value: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
    setPendingSignInCookie(value: string): FastifyReply;
    clearPendingSignInCookie(): FastifyReply;
    setWebauthnCookie(value: string): FastifyReply;
    clearWebauthnCookie(): FastifyReply;
  }
}

const CSRF_COOKIE_VALUE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

/**
 * Dashboard and consent sessions, and CSRF protection (docs/dashboard.md, "Security"; the OWASP
 * signed double-submit pattern, bound to the session). A form's token is HMAC(key, binding):
 * - signed in (a session cookie is present), the binding is the session itself, so a token never
 *   works for another session and no other cookie is trusted;
 * - signed out (login, sign-up), the binding is a CSRF cookie whose value this server MACed when it
 *   issued it; a cookie it did not issue fails the MAC and is replaced, never adopted.
 */
export const sessionPlugin = (runtime: Runtime): FastifyPluginAsync =>
  fp(async (app) => {
    const csrfKey = runtime.ctx.secrets.deriveKey('csrf');
    const secure = !isLoopbackHost(new URL(runtime.config.publicUrl).hostname);
    const sessionName = cookieName(SESSION_COOKIE, secure);
    const csrfName = cookieName(CSRF_COOKIE, secure);
    const deviceName = cookieName(DEVICE_COOKIE, secure);
    const pendingName = cookieName(PENDING_SIGN_IN_COOKIE, secure);
    const webauthnName = cookieName(WEBAUTHN_COOKIE, secure);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
    const sign = (value: string) => createHmac('sha256', csrfKey).update(value).digest('base64url');
    const issuedCookie = (value: string | undefined): string | undefined => {
      if (!value || !CSRF_COOKIE_VALUE.test(value)) return undefined;
      const [nonce, mac] = value.split('.') as [string, string];
      return safeEqual(mac, sign(`cookie:${nonce}`)) ? value : undefined;
    };
    /** What this request's forms are bound to; undefined when it has nothing to bind to yet. */
    const bindingOf = (req: FastifyRequest & { issuedCsrf?: string }): string | undefined => {
      const session = req.cookies[sessionName];
      if (session) return `session:${session}`;
      const cookie = issuedCookie(req.cookies[csrfName]) ?? req.issuedCsrf;
      return cookie ? `anonymous:${cookie}` : undefined;
    };

    app.decorateRequest('currentUser', function (this: FastifyRequest) {
      const value = this.cookies[sessionName];
      const cache = this as FastifyRequest & { userPromise?: Promise<User | undefined> };
      cache.userPromise ??= value ? resolveSession(runtime.ctx, value) : Promise.resolve(undefined);
      return cache.userPromise;
    });

    app.decorateRequest('sessionCookie', function (this: FastifyRequest) {
      return this.cookies[sessionName];
    });

    app.decorateRequest('deviceCookie', function (this: FastifyRequest) {
      return this.cookies[deviceName];
    });

    app.decorateRequest('pendingSignInCookie', function (this: FastifyRequest) {
      return this.cookies[pendingName];
    });

    app.decorateRequest('webauthnCookie', function (this: FastifyRequest) {
      return this.cookies[webauthnName];
    });

    app.decorateRequest('csrfToken', function (this: FastifyRequest, reply: FastifyReply) {
      const holder = this as FastifyRequest & { issuedCsrf?: string };
      let binding = bindingOf(holder);
      if (!binding) {
        const nonce = randomBytes(32).toString('base64url');
        holder.issuedCsrf = `${nonce}.${sign(`cookie:${nonce}`)}`;
        reply.setCookie(csrfName, holder.issuedCsrf, cookieOptions);
        binding = `anonymous:${holder.issuedCsrf}`;
      }
      return sign(binding);
    });

    app.decorateRequest('csrfValid', function (this: FastifyRequest) {
      const binding = bindingOf(this);
      const body = this.body as Record<string, unknown> | undefined;
      const sent = body && typeof body === 'object' ? body._csrf : undefined;
      return binding !== undefined && typeof sent === 'string' && safeEqual(sent, sign(binding));
    });

    app.decorateReply('setSessionCookie', function (this: FastifyReply, value: string) {
      return this.setCookie(sessionName, value, { ...cookieOptions, maxAge: 14 * 24 * 60 * 60 });
    });
    app.decorateReply('setDeviceCookie', function (this: FastifyReply, value: string) {
      return this.setCookie(deviceName, value, { ...cookieOptions, maxAge: 400 * 24 * 60 * 60 });
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(sessionName, cookieOptions);
    });
    // Lax, like the session: the second step follows an upstream provider's cross-site redirect back.
    app.decorateReply('setPendingSignInCookie', function (this: FastifyReply, value: string) {
      return this.setCookie(pendingName, value, { ...cookieOptions, maxAge: PENDING_SIGN_IN_TTL_MS / 1000 });
    });
    app.decorateReply('clearPendingSignInCookie', function (this: FastifyReply) {
      return this.clearCookie(pendingName, cookieOptions);
    });
    app.decorateReply('setWebauthnCookie', function (this: FastifyReply, value: string) {
      return this.setCookie(webauthnName, value, { ...cookieOptions, maxAge: CHALLENGE_TTL_MS / 1000 });
    });
    app.decorateReply('clearWebauthnCookie', function (this: FastifyReply) {
      return this.clearCookie(webauthnName, cookieOptions);
    });
  });
