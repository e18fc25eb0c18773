import type { FastifyReply, FastifyRequest } from 'fastify';
import { SecretBox } from '../../../crypto/secret-box.js';
import { isLoopbackHost } from '../../../platform/apps/redirect-uris.js';
import type { Runtime } from '../../../runtime.js';

/** A new token's value on its way from the POST that created it to the page that shows it, once. */
export interface TokenReveal {
  tokenId: string;
  value: string;
}

export const REVEAL_COOKIE = 'gatehouse_new_token';
const REVEAL_MS = 5 * 60 * 1000;

/**
 * POST-redirect-GET for "shown once": the POST seals the value into a cookie that only the token page
 * receives (its own key, AES-256-GCM, five minutes, HttpOnly, SameSite=Strict), and that page clears it
 * as it reads it. A reload then shows the list without the value, and never re-submits the form. The
 * server keeps nothing, so any node can show the value.
 */
export function tokenReveals(runtime: Runtime) {
  const box = new SecretBox(runtime.ctx.secrets.deriveKey('token-reveal'));
  const secure = !isLoopbackHost(new URL(runtime.config.publicUrl).hostname);
  // Scoped to one page's path, so it cannot be `__Host-` (that needs Path=/); `__Secure-` still keeps
  // plain-http pages from setting it (RFC 6265bis §4.1.3.1), and its sealed content is bound to the user.
  const name = secure ? `__Secure-${REVEAL_COOKIE}` : REVEAL_COOKIE;
  const options = (path: string) => ({ path, httpOnly: true, sameSite: 'strict' as const, secure });
  return {
    hand(reply: FastifyReply, pagePath: string, userId: string, reveal: TokenReveal): void {
      const sealed = box.seal(JSON.stringify({ ...reveal, userId, until: runtime.ctx.now().getTime() + REVEAL_MS }));
      reply.setCookie(name, sealed, { ...options(pagePath), maxAge: REVEAL_MS / 1000 });
    },

    /** The reveal this user was handed for this page, if any; the cookie is cleared either way. */
    take(req: FastifyRequest, reply: FastifyReply, pagePath: string, userId: string): TokenReveal | undefined {
      const sealed = req.cookies[name];
      if (sealed === undefined) return undefined;
      reply.clearCookie(name, options(pagePath));
      try {
        const r = JSON.parse(box.open(sealed)) as TokenReveal & { userId: string; until: number };
        if (r.userId !== userId || r.until < runtime.ctx.now().getTime()) return undefined;
        return { tokenId: r.tokenId, value: r.value };
      } catch {
        return undefined; // tampered, from another key, or not ours
      }
    },
  };
}
