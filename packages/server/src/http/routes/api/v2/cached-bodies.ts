import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { reachableCachedSite, reachableCachedSiteNow } from '../../../../platform/data-api/site-access.js';
import type { CachedSite } from '../../../../platform/caches/node-caches.js';
import type { PlatformContext } from '../../../../platform/context.js';
import type { Principal } from '../../../../platform/tokens/token-lookup.js';
import { notFound } from './api-error.js';
import { Domain, Site } from './schemas.js';

const serializeSite = fastJsonStringify(Site);
const serializeDomains = fastJsonStringify(Type.Array(Domain));

/**
 * Response bodies made once per cached object (docs/design.md, "Caches"): a cached site carries its Get
 * Site body and its custom-domain list, serialised by the routes' own response schemas, so reading it
 * again costs no serialisation. A changed site is a new cache entry, so no body outlives its site.
 */
export const siteBody = (cached: CachedSite): string => (cached.body ??= serializeSite(cached.site));

export const customDomainsBody = (cached: CachedSite): string => `{"customDomains":${(cached.domainsBody ??= serializeDomains(cached.site.customDomains))}}`;

const listBodies = new WeakMap<readonly CachedSite[], string>();

/** A List Sites body, made once per list (platform/data-api/site-access.ts reuses a list until one of its sites changes). */
export function siteListBody(sites: readonly CachedSite[]): string {
  let body = listBodies.get(sites);
  if (body === undefined) listBodies.set(sites, (body = `{"sites":[${sites.map(siteBody).join(',')}]}`));
  return body;
}

/** Sends a body that is JSON already; Fastify passes a string with a JSON media type through as it is. */
export const sendJson = (reply: FastifyReply, json: string): FastifyReply => reply.type('application/json; charset=utf-8').send(json);

/**
 * Answers from memory at once when `now` holds the value, so the handler returns no promise; otherwise
 * waits for `later`. Either way `send` renders the same value the same way (and may itself wait, which
 * the returned promise then covers, failures included).
 */
export function fromMemoryOr<T>(now: T | undefined, later: () => Promise<T>, send: (value: T) => unknown): undefined | Promise<void> {
  if (now === undefined)
    return later()
      .then(send)
      .then(() => undefined);
  const sent = send(now);
  return sent instanceof Promise ? sent.then(() => undefined) : undefined;
}

/** The site the token reaches (docs/design.md, "Surfaces"), from memory when it is there, else read; a 404 otherwise. */
export function withReachableSite(
  ctx: PlatformContext,
  principal: Principal,
  siteId: string,
  send: (cached: CachedSite) => unknown,
): undefined | Promise<void> {
  const now = reachableCachedSiteNow(ctx, principal, siteId);
  if (now === null) throw notFound('site');
  const later = async () => {
    const cached = await reachableCachedSite(ctx, principal, siteId);
    if (!cached) throw notFound('site');
    return cached;
  };
  return fromMemoryOr(now, later, send);
}
