import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createApp, deleteApp, getApp, listApps, revealClientSecret, updateApp, type App, type AppFields } from '../../../platform/apps/apps.js';
import { revokePreviousClientSecret, rotateClientSecret } from '../../../platform/apps/client-secret-rotation.js';
import { notFound } from '../../../platform/errors.js';
import type { User } from '../../../platform/accounts/users.js';
import type { Runtime } from '../../../runtime.js';
import { EMPTY_APP, appFormPage, valuesOfApp, type AppFormValues } from '../../../views/dashboard/app-form.js';
import { appListPage, appPage, rotateSecretFields } from '../../../views/dashboard/apps.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { when } from '../../../views/dashboard/form-kit.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { html } from '../../../views/html.js';
import { sendPage } from '../../security-headers.js';
import { recentlyUsedAppTokens } from '../../../platform/usage/rate-windows.js';
import { usageSectionFor } from './usage-view.js';
import {
  actorOf,
  checkId,
  fieldErrors,
  flag,
  formOf,
  frameOf,
  many,
  mustBeAdmin,
  noticeOf,
  one,
  orFormErrors,
  seeOther,
  viewer,
  workspaceFor,
} from './dashboard-request.js';

type WsParams = { Params: { wid: string } };
type AppParams = { Params: { aid: string } };

function readAppForm(req: FastifyRequest): { values: AppFormValues; fields: AppFields } {
  const body = formOf(req);
  const values: AppFormValues = {
    name: one(body, 'name', 200),
    description: one(body, 'description', 2000),
    homepage: one(body, 'homepage', 2000),
    logoUrl: one(body, 'logo_url', 2000),
    redirectUris: one(body, 'redirect_uris', 50_000),
    scopes: many(body, 'scopes'),
    restrictToSingleSite: flag(body, 'restrict_to_single_site'),
    isPublic: flag(body, 'is_public'),
    clientType: one(body, 'client_type', 20) || 'confidential',
  };
  const fields: AppFields = { ...values, redirectUris: values.redirectUris.split(/\r?\n/), clientType: values.clientType as AppFields['clientType'] };
  return { values, fields };
}

/** App registration (docs/design.md, "Domain"): admins register, edit, delete and rotate; members see apps but never the secret. */
export function appRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const appFor = async (aid: unknown, user: User) => {
    const app = await getApp(ctx, checkId(aid, 'App'));
    return {
      app,
      ws: await workspaceFor(ctx, app.workspaceId, user).catch(() => {
        throw notFound('App');
      }),
    };
  };

  return async (app) => {
    app.get<WsParams>('/workspaces/:wid/apps', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      return sendPage(
        reply,
        appListPage(frameOf(req, reply, user), { ws, apps: await listApps(ctx, ws.id), notice: noticeText(req.server.catalogue, noticeOf(req)) }),
      );
    });

    app.get<WsParams>('/workspaces/:wid/apps/new', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      return sendPage(reply, appFormPage(frameOf(req, reply, user), { ws, values: EMPTY_APP }));
    });

    app.post<WsParams>('/workspaces/:wid/apps', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const { values, fields } = readAppForm(req);
      const result = await orFormErrors(() => createApp(ctx, ws.id, fields, actorOf(user)));
      if ('error' in result) return sendPage(reply, appFormPage(frameOf(req, reply, user), { ws, values, errors: fieldErrors(result.error) }), 400);
      return seeOther(reply, `/apps/${result.ok.app.id}`, 'app-created');
    });

    app.get<AppParams>('/apps/:aid', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      const clientSecret = ws.role === 'admin' ? await revealClientSecret(ctx, found.id) : undefined;
      const recent = await recentlyUsedAppTokens(ctx, found.id);
      const usage = await usageSectionFor(
        runtime,
        { kind: 'app', id: found.id },
        "this app's OAuth tokens",
        recent.map((t) => ({ ...t, name: `Token …${t.id.slice(-6)}` })),
        'None of its tokens was used in the last two minutes.',
      );
      return sendPage(
        reply,
        appPage(frameOf(req, reply, user), { ws, app: found, clientSecret, notice: noticeText(req.server.catalogue, noticeOf(req)), usage }),
      );
    });

    app.get<AppParams>('/apps/:aid/edit', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      return sendPage(reply, appFormPage(frameOf(req, reply, user), { ws, app: found, values: valuesOfApp(found) }));
    });

    app.post<AppParams>('/apps/:aid', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      const { values, fields } = readAppForm(req);
      const result = await orFormErrors(() => updateApp(ctx, found.id, fields, actorOf(user)));
      if ('error' in result) return sendPage(reply, appFormPage(frameOf(req, reply, user), { ws, app: found, values, errors: fieldErrors(result.error) }), 400);
      return seeOther(reply, `/apps/${found.id}`, 'app-updated');
    });

    app.get<AppParams>('/apps/:aid/delete', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      return sendPage(
        reply,
        confirmPage(frameOf(req, reply, user), {
          title: 'Delete this app?',
          message: html`<p><strong>${found.name}</strong>: Every authorization of it is revoked and its tokens stop working at once. This cannot be undone.</p>`,
          action: `/apps/${found.id}/delete`,
          button: 'Delete app',
          cancel: `/apps/${found.id}`,
        }),
      );
    });

    app.post<AppParams>('/apps/:aid/delete', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      await deleteApp(ctx, found.id, actorOf(user));
      return seeOther(reply, `/workspaces/${ws.id}/apps`, 'app-deleted');
    });

    /** docs/dashboard.md, "Rotating the client secret": the admin picks how long the current secret keeps working. */
    const rotatePage = (req: FastifyRequest, reply: FastifyReply, user: User, found: App, chosen: string, error?: string) =>
      confirmPage(frameOf(req, reply, user), {
        title: 'Rotate the client secret?',
        message: html`<p><strong>${found.name}</strong>: a new client secret is issued. Choose how long the current one keeps working, so you can deploy the new one first.${
          found.previousSecretExpiresAt
            ? html` <strong>An earlier rotation's previous secret still works; rotating again ends it at once</strong> and the current secret becomes the previous one.`
            : ''
        }</p>`,
        fields: rotateSecretFields(chosen, error),
        action: `/apps/${found.id}/rotate-secret`,
        button: 'Issue a new secret',
        cancel: `/apps/${found.id}`,
      });

    app.get<AppParams>('/apps/:aid/rotate-secret', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      return sendPage(reply, rotatePage(req, reply, user, found, '0'));
    });

    app.post<AppParams>('/apps/:aid/rotate-secret', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      const chosen = one(formOf(req), 'overlap', 20) || '0';
      const overlapSeconds = /^\d{1,7}$/.test(chosen) ? Number(chosen) : -1;
      const result = await orFormErrors(() => rotateClientSecret(ctx, found.id, actorOf(user), { overlapSeconds }));
      if ('error' in result) return sendPage(reply, rotatePage(req, reply, user, found, chosen, result.error.message), 400);
      return seeOther(reply, `/apps/${found.id}`, result.ok.previousSecretExpiresAt ? 'secret-rotated-overlap' : 'secret-rotated');
    });

    app.get<AppParams>('/apps/:aid/revoke-previous-secret', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      const until = found.previousSecretExpiresAt;
      return sendPage(
        reply,
        confirmPage(frameOf(req, reply, user), {
          title: 'Revoke the previous secret now?',
          message: until
            ? html`<p><strong>${found.name}</strong>: the previous client secret would work until ${when(until)}. Revoking it now makes every request that still sends it fail at once; only the current secret will work.</p>`
            : html`<p><strong>${found.name}</strong> has no previous client secret that still works.</p>`,
          action: `/apps/${found.id}/revoke-previous-secret`,
          button: 'Revoke previous secret',
          cancel: `/apps/${found.id}`,
        }),
      );
    });

    app.post<AppParams>('/apps/:aid/revoke-previous-secret', async (req, reply) => {
      const user = await viewer(req);
      const { app: found, ws } = await appFor(req.params.aid, user);
      mustBeAdmin(ws);
      const result = await orFormErrors(() => revokePreviousClientSecret(ctx, found.id, actorOf(user)));
      return seeOther(reply, `/apps/${found.id}`, 'error' in result ? 'previous-secret-gone' : 'previous-secret-revoked');
    });
  };
}
