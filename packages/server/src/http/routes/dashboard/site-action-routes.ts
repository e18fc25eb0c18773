import type { FastifyPluginAsync } from 'fastify';
import { postComment } from '../../../platform/sites/comment-posting.js';
import { deleteSite } from '../../../platform/sites/site-deletion.js';
import type { Runtime } from '../../../runtime.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { sitePage } from '../../../views/dashboard/site.js';
import { html } from '../../../views/html.js';
import { inLevelWords } from '../../../oauth/level-words.js';
import { sendPage } from '../../security-headers.js';
import { actorOf, fieldErrors, formOf, frameOf, mustBeAdmin, one, orFormErrors, seeOther, siteFor, viewer } from './dashboard-request.js';

type SiteParams = { Params: { sid: string } };

/**
 * A site's actions beyond its settings: post a comment (members too; fires `comment_created`), and
 * delete the site after a confirmation step (admins). Webhooks have their own tab (webhook-routes.ts).
 */
export function siteActionRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  return async (app) => {
    app.post<SiteParams>('/sites/:sid/comments', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      const content = one(formOf(req), 'content', 10_000);
      const author = { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`.trim() };
      const result = await orFormErrors(() => postComment(ctx, { siteId: site.id, author, content }));
      if ('error' in result) return sendPage(reply, sitePage(frameOf(req, reply, user), { ws, site, commentErrors: fieldErrors(result.error) }), 400);
      return seeOther(reply, `/sites/${site.id}`, 'comment-posted');
    });

    app.get<SiteParams>('/sites/:sid/delete', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      mustBeAdmin(ws);
      return sendPage(
        reply,
        confirmPage(frameOf(req, reply, user), {
          title: inLevelWords(ctx.catalogue, 'Delete this site?'),
          message: html`<p><strong>${site.displayName}</strong> (<code>${site.shortName}</code>) ${inLevelWords(ctx.catalogue, 'is deleted with its custom domains and comments. Its site tokens stop working, its webhooks are removed, and apps authorized for this site alone lose their access. This cannot be undone.')}</p>`,
          action: `/sites/${site.id}/delete`,
          button: inLevelWords(ctx.catalogue, 'Delete site'),
          cancel: `/sites/${site.id}`,
        }),
      );
    });

    app.post<SiteParams>('/sites/:sid/delete', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      mustBeAdmin(ws);
      await deleteSite(ctx, site.id, actorOf(user));
      return seeOther(reply, `/workspaces/${ws.id}`, 'site-deleted');
    });
  };
}
