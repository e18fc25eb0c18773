import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { getAuthorizedApp, listAuthorizedApps, revokeAuthorization } from '../../../platform/authorization/authorized-apps.js';
import type { Runtime } from '../../../runtime.js';
import { authorizedAppsPage } from '../../../views/dashboard/authorized-apps.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { html } from '../../../views/html.js';
import { sameOriginPath } from '../../same-origin-path.js';
import { sendPage } from '../../security-headers.js';
import { actorOf, checkId, formOf, frameOf, mustBeAdmin, noticeOf, one, seeOther, siteFor, viewer, workspaceFor } from './dashboard-request.js';

/** Where to go after a revoke: one of this dashboard's authorized-apps pages, nothing else. */
function backTo(value: unknown, fallback: string): string {
  const path = sameOriginPath(value);
  return /^\/(workspaces|sites)\/[0-9a-f]{24}\/authorized-apps$/.test(path) ? path : fallback;
}

/** Authorized apps per workspace and per site, and revoking an authorization. */
export function authorizedAppRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const load = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const user = await viewer(req);
    const authorization = await getAuthorizedApp(ctx, checkId(req.params.id, 'Authorization'));
    const ws = await workspaceFor(ctx, authorization.workspaceId, user);
    mustBeAdmin(ws);
    return { user, authorization, ws };
  };

  return async (app) => {
    app.get<{ Params: { wid: string } }>('/workspaces/:wid/authorized-apps', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      const items = await listAuthorizedApps(ctx, { workspaceId: ws.id });
      return sendPage(reply, authorizedAppsPage(frameOf(req, reply, user), { ws, items, notice: noticeText(req.server.catalogue, noticeOf(req)) }));
    });

    app.get<{ Params: { sid: string } }>('/sites/:sid/authorized-apps', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      const items = await listAuthorizedApps(ctx, { siteId: site.id });
      return sendPage(reply, authorizedAppsPage(frameOf(req, reply, user), { ws, site, items, notice: noticeText(req.server.catalogue, noticeOf(req)) }));
    });

    app.get<{ Params: { id: string } }>('/authorizations/:id/revoke', async (req, reply) => {
      const { user, authorization: a, ws } = await load(req);
      const back = backTo((req.query as Record<string, unknown>).back, `/workspaces/${ws.id}/authorized-apps`);
      const page = confirmPage(frameOf(req, reply, user), {
        title: `Revoke ${a.appName}?`,
        message: html`<p><strong>${a.appName}</strong> loses the access ${a.userName || a.userEmail} gave it. Its tokens are refused at once; to use it again, someone has to authorize it again.</p>
<input type="hidden" form="confirm-form" name="back" value="${back}">`,
        action: `/authorizations/${a.id}/revoke`,
        button: 'Revoke access',
        cancel: back,
      });
      return sendPage(reply, page);
    });

    app.post<{ Params: { id: string } }>('/authorizations/:id/revoke', async (req, reply) => {
      const { user, authorization, ws } = await load(req);
      const back = backTo(one(formOf(req), 'back', 300), `/workspaces/${ws.id}/authorized-apps`);
      await revokeAuthorization(ctx, authorization.id, actorOf(user));
      return seeOther(reply, back, 'authorization-revoked');
    });
  };
}
