import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { withExamples } from './openapi-examples.js';
import { openApiTransform } from './openapi-transform.js';
import { openApiInCatalogueWords } from './openapi-words.js';

/** Tags of the Webflow Data API, described only where the built-in preset mounts it (docs/own-api.md, "What is served"). */
const DATA_API_TAGS = [
  { name: 'Token' },
  { name: 'Sites' },
  { name: 'Webhooks' },
  { name: 'Comments' },
  { name: 'Workspaces' },
  { name: 'Gatehouse', description: "Gatehouse's own bearer-token API, outside Webflow's namespace, for what Webflow's shapes cannot carry" },
];

/**
 * Registers @fastify/swagger so the OpenAPI 3.1 document is generated from the very schemas the routes
 * validate with. It must be registered before any route plugin: it collects routes with an onRoute hook.
 */
export async function registerOpenApi(app: FastifyInstance, runtime: Runtime): Promise<void> {
  const issuer = runtime.config.publicUrl;
  const { catalogue } = runtime.config;
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: catalogue.webflowDataApi
        ? {
            title: 'Gatehouse API',
            version: '2.0.0',
            description: 'The OAuth 2.0 authorization server and the scope-enforced Data API v2, wire-compatible with Webflow. Guides: [/docs](/docs).',
          }
        : {
            title: `${catalogue.productName} authorization server`,
            version: '2.0.0',
            description: `The OAuth 2.0 authorization server of ${catalogue.productName}: its apps ask for its scopes, and its API checks tokens with RFC 7662 introspection. Guides: [/docs](/docs).`,
          },
      servers: [{ url: issuer, description: 'This Gatehouse (PUBLIC_URL)' }],
      tags: [
        { name: 'OAuth', description: 'Authorization server (RFC 6749, 7009, 7636, 7662, 8414, 9207)' },
        ...(catalogue.webflowDataApi ? DATA_API_TAGS : []),
        {
          name: 'Admin',
          description:
            "The admin API for a product's backend: admin API keys, cursor pagination, Idempotency-Key, RFC 9457 problems ([guide](/docs/admin-api))",
        },
      ],
      components: {
        securitySchemes: {
          bearerToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Paste an access token: a site token, a workspace token, or an OAuth access token. The listed scopes are what the token must hold.',
          },
          oauth2: {
            type: 'oauth2',
            description: `Run the OAuth flow for one of your apps. Register \`${issuer}/docs/api/static/oauth2-redirect.html\` as one of its redirect URIs.`,
            flows: {
              authorizationCode: {
                authorizationUrl: `${issuer}/oauth/authorize`,
                tokenUrl: `${issuer}/oauth/access_token`,
                refreshUrl: `${issuer}/oauth/access_token`,
                scopes: Object.fromEntries(catalogue.scopeNames.map((name) => [name, catalogue.scopes.get(name)!.description])),
              },
            },
          },
          adminKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An admin API key (`gatehouse admin-keys create`): `admin:read` reads, `admin:write` also creates, changes and revokes.',
          },
          clientBasic: { type: 'http', scheme: 'basic', description: 'client_id and client_secret (RFC 6749 §2.3.1); they may be sent in the body instead' },
        },
      },
    },
    transform: openApiTransform as never,
    transformObject: ((input: Parameters<typeof withExamples>[0]) => openApiInCatalogueWords(catalogue, withExamples(input))) as never,
  });

  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger();
  });
}
