import type { FastifyPluginAsync } from 'fastify';
import { inLevelWords } from '../../../oauth/level-words.js';
import { PlatformError } from '../../../platform/errors.js';
import type { Runtime } from '../../../runtime.js';
import { COPY_BUTTON_SCRIPT } from '../../../views/dashboard/copy-button-script.js';
import { errorPage } from '../../../views/layout.js';
import { htmlFormErrors } from '../../html-form-errors.js';
import { sendPage } from '../../security-headers.js';
import { isOperator } from '../../../platform/admin/deployment-operators.js';
import { accountRoutes } from './account-routes.js';
import { adminKeyRoutes } from './admin-key-routes.js';
import { appRoutes } from './app-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authorizedAppRoutes } from './authorized-app-routes.js';
import { homeRoutes } from './home-routes.js';
import { memberRoutes } from './member-routes.js';
import { siteActionRoutes } from './site-action-routes.js';
import { siteRoutes } from './site-routes.js';
import { tokenRoutes } from './token-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { twoFactorRoutes } from './two-factor-routes.js';
import { TwoFactorRequired } from '../../../platform/workspaces/two-factor-requirement.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the signed-in user is a deployment operator (ADR 0026); false outside the dashboard. */
    deploymentOperator: boolean;
  }
}

/** Pages anyone may open; every other dashboard page needs a session. */
const PUBLIC_PAGES = new Set(['/signup', '/assets/copy-button.js']);

const STATUS: Record<PlatformError['code'], number> = { validation: 400, not_found: 404, conflict: 409, forbidden: 403, limit_reached: 409 };

/** The dashboard (docs/design.md, "Surfaces"): server-rendered pages, every form CSRF-protected, POST-redirect-GET with 303. */
export function dashboardRoutes(runtime: Runtime): FastifyPluginAsync {
  return async (app) => {
    app.decorateRequest('deploymentOperator', false);
    app.addHook('onRequest', async (req, reply) => {
      if (PUBLIC_PAGES.has(req.routeOptions.url ?? '')) return;
      const user = await req.currentUser();
      if (user) {
        // Read on every page, so an operator role ended with the CLI ends at the next request.
        req.deploymentOperator = await isOperator(runtime.ctx, user.id);
        return;
      }
      const back = req.method === 'GET' ? req.url : '/';
      return reply.redirect(`/login?return_to=${encodeURIComponent(back)}`, 303);
    });

    // HTML error pages, and a 415 page for a POST that is not a form, before the CSRF check below.
    // A workspace that requires two-factor sign-in sends a member without it to set it up, and back afterwards.
    htmlFormErrors(app, {
      classify: (err) =>
        err instanceof PlatformError ? { status: STATUS[err.code], message: inLevelWords(runtime.config.catalogue, err.message) } : undefined,
      redirect: (err, req) =>
        err instanceof TwoFactorRequired ? `/account?return_to=${encodeURIComponent(req.method === 'GET' ? req.url : '/')}#two-factor` : undefined,
    });

    // Runs after the body is parsed, before any handler: a form without this browser's CSRF token changes nothing.
    app.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST') return;
      if (req.csrfValid()) return;
      return sendPage(
        reply,
        errorPage(
          'Form expired',
          'This form was not sent from a Gatehouse page, or it expired. Go back, reload the page and try again.',
          runtime.config.catalogue,
        ),
        403,
      );
    });

    app.get('/assets/copy-button.js', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8');
      return COPY_BUTTON_SCRIPT;
    });

    await app.register(accountRoutes(runtime));
    await app.register(twoFactorRoutes(runtime));
    await app.register(homeRoutes(runtime));
    await app.register(memberRoutes(runtime));
    await app.register(siteRoutes(runtime));
    await app.register(siteActionRoutes(runtime));
    await app.register(tokenRoutes(runtime));
    // Webhooks (and Data API usage) carry Webflow's trigger types and scopes: they belong to the preset, as the Data API does (docs/own-api.md, "What is served").
    if (runtime.config.catalogue.webflowDataApi) await app.register(webhookRoutes(runtime));
    await app.register(appRoutes(runtime));
    await app.register(authorizedAppRoutes(runtime));
    await app.register(auditRoutes(runtime));
    await app.register(adminKeyRoutes(runtime));
  };
}
