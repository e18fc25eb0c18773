import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import type { CachedSite } from '../../../../platform/caches/node-caches.js';
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

export const siteListBody = (sites: readonly CachedSite[]): string => `{"sites":[${sites.map(siteBody).join(',')}]}`;

/** Sends a body that is JSON already; Fastify passes a string with a JSON media type through as it is. */
export const sendJson = (reply: FastifyReply, json: string): FastifyReply => reply.type('application/json; charset=utf-8').send(json);
