import type { FastifyReply } from 'fastify';
import type { PlatformContext } from '../../../../platform/context.js';
import { fromMemoryOr, sendJson } from './cached-bodies.js';

/**
 * Serves a list response from the body cache (docs/design.md, "Caches"), or builds it with `load`,
 * serialises it once with the route's own response schema (`reply.serialize`) and keeps the bytes under
 * `tags`. Used only for lists whose changes all announce the site they belong to. A cached body is sent
 * at once, without a promise.
 */
export function sendCachedList(
  ctx: PlatformContext,
  reply: FastifyReply,
  key: string,
  tags: readonly string[],
  load: () => Promise<unknown>,
): undefined | Promise<void> {
  const later = async () => (await ctx.caches.bodies.getOrLoad(key, async () => ({ value: String(reply.serialize(await load())), tags })))!;
  return fromMemoryOr(ctx.caches.bodies.get(key), later, (body) => sendJson(reply, body));
}
