import type { FastifyPluginAsync } from 'fastify';
import { requiresTwoFactor, setTwoFactorRequirement } from '../../../platform/workspaces/two-factor-requirement.js';
import { createSite, listSites } from '../../../platform/sites/sites.js';
import { createWorkspace, listWorkspacesForUser, updateWorkspace } from '../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../runtime.js';
import { homePage } from '../../../views/dashboard/home.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { workspacePage } from '../../../views/dashboard/workspace.js';
import { sendPage } from '../../security-headers.js';
import { liveApiTokensOfWorkspace } from '../../../platform/usage/rate-windows.js';
import { usageSectionFor } from './usage-view.js';
import { actorOf, fieldErrors, formOf, frameOf, mustBeAdmin, noticeOf, one, orFormErrors, seeOther, viewer, workspaceFor } from './dashboard-request.js';

type WsParams = { Params: { wid: string } };

/** The workspace list, workspace creation, and a workspace's overview: sites and settings. */
export function homeRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  return async (app) => {
    app.get('/', async (req, reply) => {
      const user = await viewer(req);
      const workspaces = await listWorkspacesForUser(ctx, user.id);
      return sendPage(reply, homePage(frameOf(req, reply, user), { workspaces, notice: noticeText(req.server.catalogue, noticeOf(req)) }));
    });

    app.post('/workspaces', async (req, reply) => {
      const user = await viewer(req);
      const name = one(formOf(req), 'name', 200);
      const result = await orFormErrors(() => createWorkspace(ctx, { name, ownerUserId: user.id, actor: actorOf(user) }));
      if ('error' in result) {
        const workspaces = await listWorkspacesForUser(ctx, user.id);
        const errors = fieldErrors(result.error);
        return sendPage(
          reply,
          homePage(frameOf(req, reply, user), { workspaces, name, errors: { name: errors.name ?? errors.slug ?? result.error.message } }),
          400,
        );
      }
      return seeOther(reply, `/workspaces/${result.ok.id}`, 'workspace-created');
    });

    app.get<WsParams>('/workspaces/:wid', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      const sites = await listSites(ctx, { workspaceIds: [ws.id] });
      const twoFactorRequired = await requiresTwoFactor(ctx, ws.id);
      const usage = await usageSectionFor(
        runtime,
        { kind: 'workspace', id: ws.id },
        "this workspace's tokens (site, workspace and OAuth)",
        await liveApiTokensOfWorkspace(ctx, ws.id),
        'No site or workspace tokens yet.',
      );
      return sendPage(
        reply,
        workspacePage(frameOf(req, reply, user), { ws, sites, twoFactorRequired, notice: noticeText(req.server.catalogue, noticeOf(req)), usage }),
      );
    });

    app.post<WsParams>('/workspaces/:wid/two-factor', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const required = one(formOf(req), 'required', 10) === 'yes';
      const result = await orFormErrors(() => setTwoFactorRequirement(ctx, ws.id, required, { id: user.id, email: user.email }));
      if ('error' in result) {
        const sites = await listSites(ctx, { workspaceIds: [ws.id] });
        const view = { ws, sites, twoFactorRequired: await requiresTwoFactor(ctx, ws.id), twoFactorError: result.error.message };
        return sendPage(reply, workspacePage(frameOf(req, reply, user), view), 400);
      }
      return seeOther(reply, `/workspaces/${ws.id}`, required ? 'two-factor-required' : 'two-factor-optional');
    });

    app.post<WsParams>('/workspaces/:wid/settings', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const body = formOf(req);
      const result = await orFormErrors(() => updateWorkspace(ctx, ws.id, { name: one(body, 'name', 200), plan: one(body, 'plan', 40) }, actorOf(user)));
      if ('error' in result) {
        const sites = await listSites(ctx, { workspaceIds: [ws.id] });
        const twoFactorRequired = await requiresTwoFactor(ctx, ws.id);
        return sendPage(reply, workspacePage(frameOf(req, reply, user), { ws, sites, twoFactorRequired, settingsErrors: fieldErrors(result.error) }), 400);
      }
      return seeOther(reply, `/workspaces/${ws.id}`, 'workspace-updated');
    });

    app.post<WsParams>('/workspaces/:wid/sites', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const displayName = one(formOf(req), 'display_name', 200);
      const result = await orFormErrors(() => createSite(ctx, { workspaceId: ws.id, displayName, actor: actorOf(user) }));
      if ('error' in result) {
        const sites = await listSites(ctx, { workspaceIds: [ws.id] });
        return sendPage(reply, workspacePage(frameOf(req, reply, user), { ws, sites, siteName: displayName, siteErrors: fieldErrors(result.error) }), 400);
      }
      return seeOther(reply, `/sites/${result.ok.id}`, 'site-created');
    });
  };
}
