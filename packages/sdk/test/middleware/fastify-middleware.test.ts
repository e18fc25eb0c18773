import Fastify from 'fastify';
import { gatehouseFastify, tokenOf } from '../../src/middleware/fastify.js';
import { describeResourceServer, type AppHarness } from './resource-server-scenarios.js';

describeResourceServer('Fastify', async (options): Promise<AppHarness> => {
  const auth = gatehouseFastify(options);
  const app = Fastify();
  app.decorateRequest('gatehouse', undefined);
  app.addHook('onRequest', auth.metadata);
  const answer = async (request: object) => {
    const token = tokenOf(request);
    return { sub: token.sub, scopes: token.scopes, siteIds: token.siteIds };
  };
  app.get('/sites', { preHandler: auth.requireScopes('sites:read') }, answer);
  app.get('/publish', { preHandler: auth.requireScopes('sites:read', 'sites:write') }, answer);
  await app.ready();
  return {
    async get(url, authorization) {
      const response = await app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
      return { status: response.statusCode, headers, body: response.json() };
    },
    close: () => app.close(),
  };
});
