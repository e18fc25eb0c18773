import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { addCustomDomain, removeCustomDomain, updateSite, type Site } from '../../../platform/sites/sites.js';
import type { User } from '../../../platform/accounts/users.js';
import type { WorkspaceWithRole } from '../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../runtime.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { sitePage, type SiteView } from '../../../views/dashboard/site.js';
import { sendPage } from '../../security-headers.js';
import { actorOf, checkId, fieldErrors, formOf, frameOf, mustBeAdmin, noticeOf, one, orFormErrors, seeOther, siteFor, viewer } from './dashboard-request.js';
import { publishFromDashboard } from './publish-site.js';

type SiteParams = { Params: { sid: string } };

/** A site's settings page: edit, custom domains, publish (admins change; members read). */
export function siteRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const show = (req: FastifyRequest, reply: FastifyReply, user: User, ws: WorkspaceWithRole, site: Site, extra: Partial<SiteView>, status = 200) =>
    sendPage(reply, sitePage(frameOf(req, reply, user), { ws, site, ...extra }), status);
  const adminSite = async (req: FastifyRequest<SiteParams>) => {
    const user = await viewer(req);
    const { site, ws } = await siteFor(ctx, req.params.sid, user);
    mustBeAdmin(ws);
    return { user, site, ws };
  };

  return async (app) => {
    app.get<SiteParams>('/sites/:sid', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      return show(req, reply, user, ws, site, { notice: noticeText(req.server.catalogue, noticeOf(req)) });
    });

    app.post<SiteParams>('/sites/:sid', async (req, reply) => {
      const { user, site, ws } = await adminSite(req);
      const body = formOf(req);
      const result = await orFormErrors(() =>
        updateSite(ctx, site.id, { displayName: one(body, 'display_name', 200), timeZone: one(body, 'time_zone', 100) || site.timeZone }, actorOf(user)),
      );
      if ('error' in result) return show(req, reply, user, ws, site, { errors: fieldErrors(result.error) }, 400);
      return seeOther(reply, `/sites/${site.id}`, 'site-updated');
    });

    app.post<SiteParams>('/sites/:sid/domains', async (req, reply) => {
      const { user, site, ws } = await adminSite(req);
      const url = one(formOf(req), 'url', 300);
      const result = await orFormErrors(() => addCustomDomain(ctx, site.id, url));
      if ('error' in result) {
        const errors = fieldErrors(result.error);
        return show(
          req,
          reply,
          user,
          ws,
          site,
          { domain: url, domainErrors: { url: errors.url ?? result.error.message } },
          result.error.code === 'conflict' ? 409 : 400,
        );
      }
      return seeOther(reply, `/sites/${site.id}`, 'domain-added');
    });

    app.post<{ Params: { sid: string; did: string } }>('/sites/:sid/domains/:did/remove', async (req, reply) => {
      const { site } = await adminSite(req);
      await removeCustomDomain(ctx, site.id, checkId(req.params.did, 'Domain'));
      return seeOther(reply, `/sites/${site.id}`, 'domain-removed');
    });

    app.post<SiteParams>('/sites/:sid/publish', async (req, reply) => {
      const { user, site, ws } = await adminSite(req);
      const outcome = await publishFromDashboard(ctx, site, user, actorOf(user));
      if (!outcome.ok) {
        if (outcome.retryAfterSeconds) reply.header('retry-after', String(outcome.retryAfterSeconds));
        const error =
          outcome.reason === 'too_soon'
            ? `This site was published less than a minute ago. Try again in ${outcome.retryAfterSeconds ?? 60} seconds.`
            : 'The site could not be published.';
        return show(req, reply, user, ws, site, { error }, outcome.reason === 'too_soon' ? 429 : 400);
      }
      return seeOther(reply, `/sites/${site.id}`, 'published');
    });
  };
}
