import type { FastifyReply } from 'fastify';

/**
 * Headers for every HTML page (docs/design.md, "Quality bars"): no framing (clickjacking on consent and dashboard), no referrer
 * leaking codes or state, no inline script. `form-action` is left to the page: the consent form's
 * redirect goes to the app's origin.
 */
export function setPageSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
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
