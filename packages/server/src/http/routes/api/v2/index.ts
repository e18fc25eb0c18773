import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Runtime } from '../../../../runtime.js';
import { PlatformError } from '../../../../platform/errors.js';
import { classifyFrameworkError } from '../../../framework-errors.js';
import { ApiError, fromPlatformError, notFound, sendApiError } from './api-error.js';
import { admit, refuseTokenOutsideHeader } from './admission.js';
import { assertScopesDeclared } from './route-scopes.js';
import { commentRoutes } from './routes/comments.js';
import { siteRoutes } from './routes/sites.js';
import { siteAdminRoutes } from './routes/site-admin.js';
import { gatehouseAuditRoutes } from '../gatehouse/audit-events.js';
import { tokenRoutes } from './routes/token.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { dataApiValidatorCompiler } from './strict-body-validator.js';
import { fromFrameworkFailure } from './framework-failure.js';
import { PROTECTED_RESOURCE_WELL_KNOWN, dataApiProtectedResource } from './protected-resource.js';

export type DataApi = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

type RouteGroup = (runtime: Runtime) => (app: DataApi) => Promise<void>;

const WEBFLOW_V2: RouteGroup[] = [tokenRoutes, siteRoutes, siteAdminRoutes, webhookRoutes, commentRoutes, workspaceRoutes];

/**
 * The bearer-token APIs, each with the Data API's auth, rate limits, scopes and Webflow-shaped errors
 * (docs/data-api.md): Webflow's `/v2`; Webflow's `/beta` namespace, where tokens work but Gatehouse serves
 * nothing, so every path is a Webflow-shaped 404; and Gatehouse's own `/gatehouse/v1`, for what Webflow's
 * shapes cannot carry.
 */
export function dataApiRoutes(runtime: Runtime): FastifyPluginAsync {
  const protectedResource = dataApiProtectedResource(runtime.config.publicUrl, runtime.config.catalogue.scopeNames);
  return async (app) => {
    // RFC 9728 §3: the path-suffixed form for the resource `/v2`, and the bare form for clients that look at the origin.
    for (const path of [`${PROTECTED_RESOURCE_WELL_KNOWN}/v2`, PROTECTED_RESOURCE_WELL_KNOWN]) {
      app.get(path, async (_req, reply) => {
        reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
        return protectedResource.metadata;
      });
    }
    await app.register(async (v2) => dataApi(runtime, v2.withTypeProvider<TypeBoxTypeProvider>(), WEBFLOW_V2), { prefix: '/v2' });
    await app.register(async (beta) => dataApi(runtime, beta.withTypeProvider<TypeBoxTypeProvider>(), []), { prefix: '/beta' });
    await app.register(async (own) => dataApi(runtime, own.withTypeProvider<TypeBoxTypeProvider>(), [gatehouseAuditRoutes]), { prefix: '/gatehouse/v1' });
  };
}

async function dataApi(runtime: Runtime, v2: DataApi, groups: RouteGroup[]): Promise<void> {
  const { metadataUrl } = dataApiProtectedResource(runtime.config.publicUrl, runtime.config.catalogue.scopeNames);
  // JSON only: form bodies (and with them form-borne access tokens) never reach a handler.
  v2.removeAllContentTypeParsers();
  v2.addContentTypeParser('application/json', { parseAs: 'string' }, v2.getDefaultJsonParser('error', 'error'));
  v2.setValidatorCompiler(dataApiValidatorCompiler);
  v2.decorateRequest('principal', null);
  v2.decorateRequest('usage', null);
  v2.addHook('onRoute', assertScopesDeclared);

  // docs/design.md, "Admission": the one pipeline, a callback hook so a request answered from memory needs no promise.
  v2.addHook('onRequest', (req, reply, done) => admit(runtime, req, reply, done));
  // A callback hook: it runs on every request and needs no promise.
  v2.addHook('preValidation', (req, _reply, done) => {
    try {
      refuseTokenOutsideHeader(req.body);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  v2.setNotFoundHandler({ preHandler: async () => {} }, async (_req, reply) => sendApiError(reply, notFound('route'), metadataUrl));
  v2.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) return sendApiError(reply, err, metadataUrl);
    if (err instanceof PlatformError) return sendApiError(reply, fromPlatformError(err), metadataUrl);
    const failure = classifyFrameworkError(err);
    if (failure.kind === 'fault') req.log.error({ err }, 'Data API request failed');
    return sendApiError(reply, fromFrameworkFailure(failure), metadataUrl);
  });

  for (const group of groups) await v2.register(group(runtime));
}
