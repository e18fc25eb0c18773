import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyPluginAsync, FastifySchemaCompiler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inLevelWords } from '../../../oauth/level-words.js';
import type { Runtime } from '../../../runtime.js';
import { assertAdminScopeDeclared, authenticateAdmin, requireAdminScope } from './admin-auth.js';
import { AdminProblem, sendProblem, toProblem } from './problem.js';
import { appRoutes } from './routes/apps.js';
import { auditRoutes } from './routes/audit-events.js';
import { authorizationRoutes } from './routes/authorizations.js';
import { invitationRoutes } from './routes/invitations.js';
import { memberRoutes } from './routes/members.js';
import { siteRoutes } from './routes/sites.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { workspaceRoutes } from './routes/workspaces.js';

export type AdminApi = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;
export type AdminRouteGroup = (runtime: Runtime) => (app: AdminApi) => Promise<void>;

const GROUPS: AdminRouteGroup[] = [
  userRoutes,
  workspaceRoutes,
  memberRoutes,
  invitationRoutes,
  siteRoutes,
  appRoutes,
  tokenRoutes,
  authorizationRoutes,
  auditRoutes,
];

const fromPool = AjvCompiler();
// Every problem in one answer; bodies keep their JSON types, the path and query are coerced from strings.
const strictBody = fromPool({}, { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } });
const coercing = fromPool({}, { customOptions: { allErrors: true } });
const adminValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => (route.httpPart === 'body' ? strictBody : coercing)(route);

/**
 * `/admin/v1`: the admin REST API a product's backend calls with an admin API key (docs/admin-api.md).
 * Routes translate HTTP to the platform functions the dashboard and CLI use; every error is one
 * `application/problem+json` body.
 */
export function adminApiRoutes(runtime: Runtime): FastifyPluginAsync {
  const docsUrl = `${runtime.config.publicUrl}/docs/admin-api`;
  // Details are prose for people, told in the configured catalogue's words; codes and fields stay.
  const inCatalogueWords = (p: AdminProblem) =>
    new AdminProblem(
      p.code,
      inLevelWords(runtime.config.catalogue, p.detail),
      p.errors.map((e) => ({ field: e.field, message: inLevelWords(runtime.config.catalogue, e.message) })),
    );
  return async (root) => {
    await root.register(
      async (plain) => {
        const admin = plain.withTypeProvider<TypeBoxTypeProvider>();
        admin.removeAllContentTypeParsers();
        admin.addContentTypeParser('application/json', { parseAs: 'string' }, admin.getDefaultJsonParser('error', 'error'));
        admin.setValidatorCompiler(adminValidatorCompiler);
        admin.decorateRequest('adminKey', null);
        admin.addHook('onRoute', assertAdminScopeDeclared);
        admin.addHook('onRequest', async (req) => {
          req.adminKey = await authenticateAdmin(runtime.ctx, req);
          const declared = req.routeOptions.config.admin;
          if (declared) requireAdminScope(req.adminKey, declared.scope);
        });
        admin.setNotFoundHandler({ preHandler: async () => {} }, async (_req, reply) =>
          sendProblem(reply, new AdminProblem('not_found', 'No such admin API route'), docsUrl),
        );
        admin.setErrorHandler((err, req, reply) => {
          const problem = toProblem(err);
          if (problem) return sendProblem(reply, inCatalogueWords(problem), docsUrl);
          req.log.error({ err }, 'admin API request failed');
          return sendProblem(reply, new AdminProblem('internal_error'), docsUrl);
        });
        for (const group of GROUPS) await admin.register(group(runtime));
      },
      { prefix: '/admin/v1' },
    );
  };
}
