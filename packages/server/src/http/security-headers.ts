import type { FastifyReply } from 'fastify';

const imageOrigins = new WeakMap<FastifyReply, string[]>();

/** Lets this one page load images from `origin` too (an app's logo on the consent screen); nothing else changes. */
export function allowImagesFrom(reply: FastifyReply, origin: string): void {
  imageOrigins.set(reply, [...(imageOrigins.get(reply) ?? []), origin]);
}

/**
 * Headers for every HTML page (docs/design.md, "Quality bars"): no framing (clickjacking on consent and dashboard), no referrer
 * leaking codes or state, no inline script. `form-action` is left to the page: the consent form's
 * redirect goes to the app's origin.
 */
export function setPageSecurityHeaders(reply: FastifyReply): void {
  const images = ["'self'", 'data:', ...(imageOrigins.get(reply) ?? [])].join(' ');
  reply.header(
    'content-security-policy',
    `default-src 'self'; img-src ${images}; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
  );
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'no-store');
}

/** Sends a full HTML page with the page security headers. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  setPageSecurityHeaders(reply);
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
