import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../../platform/accounts/users.js';
import type { Site } from '../../../platform/sites/sites.js';
import { createDashboardWebhook, siteWebhook, siteWebhooks } from '../../../platform/webhooks/site-webhooks.js';
import { listDeliveries } from '../../../platform/webhooks/webhook-delivery.js';
import { redeliver } from '../../../platform/webhooks/webhook-redelivery.js';
import { sendTestEvent } from '../../../platform/webhooks/webhook-test-events.js';
import { deleteWebhook } from '../../../platform/webhooks/webhooks.js';
import { requireWebhookManager } from '../../../platform/workspaces/workspace-roles.js';
import type { WorkspaceWithRole } from '../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../runtime.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { DELIVERIES_SHOWN, webhookDetailPage, webhookPath, type WebhookDetailView } from '../../../views/dashboard/webhook-detail.js';
import { webhooksPage, webhooksPath, type WebhooksView } from '../../../views/dashboard/webhooks.js';
import { html } from '../../../views/html.js';
import { sendPage } from '../../security-headers.js';
import { tokenReveals } from './token-reveal.js';
import { actorOf, checkId, fieldErrors, formOf, frameOf, noticeOf, one, orFormErrors, seeOther, siteFor, viewer } from './dashboard-request.js';

type SiteParams = { Params: { sid: string } };
type HookParams = { Params: { sid: string; hid: string } };
type DeliveryParams = { Params: { sid: string; hid: string; did: string } };

/**
 * A site's Webhooks tab (docs/dashboard.md, "Webhooks"): every member reads the list and each webhook's
 * deliveries; workspace admins (platform's `requireWebhookManager`) create, delete after a confirmation
 * step, redeliver and send test events. A new webhook's signing secret travels to its page once, sealed,
 * as a new token's value does (token-reveal.ts).
 */
export function webhookRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const reveals = tokenReveals(runtime);
  const deliverNow = (ids: string[]) => runtime.dataApi.webhookWorker.deliverNow(ids);

  const showList = async (
    req: FastifyRequest,
    reply: FastifyReply,
    user: User,
    ws: WorkspaceWithRole,
    site: Site,
    extra: Partial<WebhooksView>,
    status = 200,
  ) => sendPage(reply, webhooksPage(frameOf(req, reply, user), { ws, site, webhooks: await siteWebhooks(ctx, site.id), ...extra }), status);

  /** The site, its workspace and the webhook, for anyone in the workspace; a webhook of another site is 404. */
  const hookFor = async (req: FastifyRequest<HookParams>) => {
    const user = await viewer(req);
    const { site, ws } = await siteFor(ctx, req.params.sid, user);
    const webhook = await siteWebhook(ctx, site.id, checkId(req.params.hid, 'Webhook'));
    return { user, site, ws, webhook };
  };
  const managedHook = async (req: FastifyRequest<HookParams>) => {
    const found = await hookFor(req);
    requireWebhookManager(found.ws.role);
    return found;
  };

  return async (app) => {
    app.get<SiteParams>('/sites/:sid/webhooks', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      return showList(req, reply, user, ws, site, { notice: noticeText(req.server.catalogue, noticeOf(req)) });
    });

    app.post<SiteParams>('/sites/:sid/webhooks', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      requireWebhookManager(ws.role);
      const body = formOf(req);
      const form = { triggerType: one(body, 'trigger_type', 64), url: one(body, 'url', 4096), filterName: one(body, 'filter_name', 1000) };
      const result = await orFormErrors(() => createDashboardWebhook(ctx, { site, user, ...form, actor: actorOf(user) }));
      if ('error' in result) {
        const errors = result.error.details.length ? fieldErrors(result.error) : { url: result.error.message };
        return showList(req, reply, user, ws, site, { form, errors }, result.error.code === 'validation' ? 400 : 409);
      }
      const path = webhookPath(site.id, result.ok.webhook.id);
      reveals.hand(reply, path, user.id, { tokenId: result.ok.webhook.id, value: result.ok.secretKey });
      return seeOther(reply, path, 'webhook-created');
    });

    app.post<SiteParams>('/sites/:sid/webhooks/test', async (req, reply) => {
      const user = await viewer(req);
      const { site, ws } = await siteFor(ctx, req.params.sid, user);
      requireWebhookManager(ws.role);
      const outcome = await sendTestEvent(ctx, deliverNow, site, one(formOf(req), 'trigger_type', 64));
      return showList(req, reply, user, ws, site, { testEvent: outcome });
    });

    app.get<HookParams>('/sites/:sid/webhooks/:hid', async (req, reply) => {
      const { user, site, ws, webhook } = await hookFor(req);
      const path = webhookPath(site.id, webhook.id);
      const reveal = reveals.take(req, reply, path, user.id);
      const view: WebhookDetailView = {
        ws,
        site,
        webhook,
        deliveries: await listDeliveries(ctx, { webhookId: webhook.id, limit: DELIVERIES_SHOWN }),
        notice: noticeText(req.server.catalogue, noticeOf(req)),
        secretKey: reveal?.tokenId === webhook.id ? reveal.value : undefined,
      };
      return sendPage(reply, webhookDetailPage(frameOf(req, reply, user), view));
    });

    app.post<HookParams>('/sites/:sid/webhooks/:hid/test', async (req, reply) => {
      const { user, site, webhook } = await managedHook(req);
      await sendTestEvent(ctx, deliverNow, site, webhook.triggerType, {}, { webhookId: webhook.id, filterName: webhook.filter?.name, actor: actorOf(user) });
      return seeOther(reply, webhookPath(site.id, webhook.id), 'webhook-test-sent');
    });

    app.post<DeliveryParams>('/sites/:sid/webhooks/:hid/deliveries/:did/redeliver', async (req, reply) => {
      const { user, site, ws, webhook } = await managedHook(req);
      const result = await orFormErrors(() => redeliver(ctx, deliverNow, webhook.id, checkId(req.params.did, 'Delivery'), actorOf(user)));
      if ('error' in result) {
        const deliveries = await listDeliveries(ctx, { webhookId: webhook.id, limit: DELIVERIES_SHOWN });
        return sendPage(reply, webhookDetailPage(frameOf(req, reply, user), { ws, site, webhook, deliveries, error: result.error.message }), 409);
      }
      return seeOther(reply, webhookPath(site.id, webhook.id), 'webhook-redelivered');
    });

    app.get<HookParams>('/sites/:sid/webhooks/:hid/delete', async (req, reply) => {
      const { user, site, webhook } = await managedHook(req);
      const path = webhookPath(site.id, webhook.id);
      return sendPage(
        reply,
        confirmPage(frameOf(req, reply, user), {
          title: 'Delete this webhook?',
          message: html`<p>The <code>${webhook.triggerType}</code> webhook to <code>${webhook.url}</code> is deleted with its delivery log, and nothing more is sent to it, queued retries included.${webhook.owner.kind === 'app' ? html` The app <strong>${webhook.owner.name}</strong> made it and will not be told.` : ''} This cannot be undone.</p>`,
          action: `${path}/delete`,
          button: 'Delete webhook',
          cancel: path,
        }),
      );
    });

    app.post<HookParams>('/sites/:sid/webhooks/:hid/delete', async (req, reply) => {
      const { user, site, webhook } = await managedHook(req);
      await deleteWebhook(ctx, webhook.id, actorOf(user));
      return seeOther(reply, webhooksPath(site.id), 'webhook-deleted');
    });
  };
}
