import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../../../runtime.js';
import { reachableSite, reachableSites, reachableSitesNow } from '../../../../../platform/data-api/site-access.js';
import { publishSite } from '../../../../../platform/sites/publish.js';
import type { DataApi } from '../index.js';
import { ApiError, notFound, tooManyRequests } from '../api-error.js';
import { customDomainsBody, fromMemoryOr, sendJson, siteBody, siteListBody, withReachableSite } from '../cached-bodies.js';
import { Domain, ObjectId, Site, errorResponses } from '../schemas.js';

const SiteParams = Type.Object({ site_id: ObjectId });

const PublishBody = Type.Object(
  {
    customDomains: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    publishToWebflowSubdomain: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

/** docs/webflow-wire.md, "Sites": Sites. */
export const siteRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;
  const siteOr404 = async (principal: NonNullable<import('fastify').FastifyRequest['principal']>, siteId: string) => {
    const site = await reachableSite(ctx, principal, siteId);
    if (!site) throw notFound('site');
    return site;
  };

  app.get(
    '/sites',
    {
      config: { dataApi: { scopes: ['sites:read'] } },
      schema: { summary: 'List Sites', tags: ['Sites'], response: { 200: Type.Object({ sites: Type.Array(Site) }), ...errorResponses } },
    },
    (req, reply) =>
      fromMemoryOr(
        reachableSitesNow(ctx, req.principal!),
        () => reachableSites(ctx, req.principal!),
        (sites) => sendJson(reply, siteListBody(sites)),
      ),
  );

  app.get(
    '/sites/:site_id',
    {
      config: { dataApi: { scopes: ['sites:read'] } },
      schema: { summary: 'Get Site', tags: ['Sites'], params: SiteParams, response: { 200: Site, ...errorResponses } },
    },
    (req, reply) => withReachableSite(ctx, req.principal!, req.params.site_id, (cached) => sendJson(reply, siteBody(cached))),
  );

  app.get(
    '/sites/:site_id/custom_domains',
    {
      config: { dataApi: { scopes: ['sites:read'] } },
      schema: {
        summary: 'Get Custom Domains',
        tags: ['Sites'],
        params: SiteParams,
        response: { 200: Type.Object({ customDomains: Type.Array(Domain) }), ...errorResponses },
      },
    },
    (req, reply) => withReachableSite(ctx, req.principal!, req.params.site_id, (cached) => sendJson(reply, customDomainsBody(cached))),
  );

  app.post(
    '/sites/:site_id/publish',
    {
      config: { dataApi: { scopes: ['sites:write'] } },
      schema: {
        summary: 'Publish Site',
        tags: ['Sites'],
        params: SiteParams,
        body: PublishBody,
        response: { 202: Type.Object({ customDomains: Type.Array(Domain), publishToWebflowSubdomain: Type.Boolean() }), ...errorResponses },
      },
      // The body is optional on the wire; an absent one means "nothing chosen" (→ no_domains), not a type error.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req, reply) => {
      const site = await siteOr404(req.principal!, req.params.site_id);
      const outcome = await publishSite(
        ctx,
        site,
        {
          customDomains: req.body.customDomains ?? [],
          publishToWebflowSubdomain: req.body.publishToWebflowSubdomain ?? false,
        },
        null,
      );
      if (!outcome.ok) {
        if (outcome.reason === 'no_domains') throw new ApiError('no_domains');
        if (outcome.reason === 'invalid_domain') throw new ApiError('invalid_domain');
        throw tooManyRequests(outcome.retryAfterSeconds ?? 60);
      }
      return reply.code(202).send({ customDomains: outcome.customDomains, publishToWebflowSubdomain: outcome.publishToWebflowSubdomain });
    },
  );
};
