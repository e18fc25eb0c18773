import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../../../../runtime.js';
import { reachableSite } from '../../../../../platform/data-api/site-access.js';
import { isTriggerType, TRIGGER_SCOPES, TRIGGER_TYPES } from '../../../../../platform/webhooks/webhook-triggers.js';
import { mayManageWebhook, webhookOwnerOf } from '../../../../../platform/webhooks/webhook-owners.js';
import { createWebhook, deleteWebhook, findWebhook, listWebhooks, toWebhook } from '../../../../../platform/webhooks/webhooks.js';
import type { WebhookRow } from '../../../../../store/schema.js';
import type { DataApi } from '../index.js';
import { ApiError, notFound } from '../api-error.js';
import { requireScopes } from '../route-scopes.js';
import { ObjectId, Pagination, Webhook, errorResponses } from '../schemas.js';
import { sendCachedList } from '../cached-list.js';
import { withReachableSite } from '../cached-bodies.js';

const CreateBody = Type.Object(
  {
    triggerType: Type.String({ maxLength: 64, description: `One of: ${TRIGGER_TYPES.join(', ')}` }),
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    filter: Type.Optional(Type.Union([Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }), Type.Null()])),
  },
  { additionalProperties: false, description: 'Read-only Webhook fields sent here are ignored, as on Webflow' },
);

/** Where a site-token webhook's signing secret is returned: outside the Webflow-shaped body (docs/data-api.md). */
export const WEBHOOK_SECRET_HEADER = 'x-gatehouse-webhook-secret-key';

const triggerScope = (type: string): string => TRIGGER_SCOPES[type as keyof typeof TRIGGER_SCOPES] ?? 'sites:read';
const trigger = { dataApi: { scopes: 'trigger-type' as const, tokenKinds: ['oauth', 'site'] as const } };

/** docs/webflow-wire.md, "Webhooks": Webhooks. Create, get and remove need the scope of the trigger type (docs/design.md, "Surfaces"). */
export const webhookRoutes = (runtime: Runtime) => async (app: DataApi) => {
  const { ctx } = runtime;

  /** A webhook the caller owns on a site it reaches; anything else is a 404. */
  const ownWebhook = async (req: FastifyRequest, id: string): Promise<WebhookRow> => {
    const p = req.principal!;
    const row = await findWebhook(ctx, id);
    if (!row || !mayManageWebhook(p, row) || !(await reachableSite(ctx, p, row.site_id))) throw notFound('webhook');
    requireScopes(p, [triggerScope(row.trigger_type)]);
    return row;
  };

  app.get(
    '/sites/:site_id/webhooks',
    {
      config: trigger,
      schema: {
        summary: 'List Webhooks',
        description: "The caller's webhooks on the site whose trigger-type scope it holds",
        tags: ['Webhooks'],
        params: Type.Object({ site_id: ObjectId }),
        response: { 200: Type.Object({ webhooks: Type.Array(Webhook), pagination: Pagination }), ...errorResponses },
      },
    },
    (req, reply) => {
      const p = req.principal!;
      const siteId = req.params.site_id;
      const { appId } = webhookOwnerOf(p);
      // What the list shows depends on the owner and on the scopes (each trigger type needs its own).
      const key = `webhooks:${siteId}:${appId ?? ''}:${p.scope}`;
      const load = async () => {
        const rows = (await listWebhooks(ctx, siteId, appId)).filter((r) => p.scopes.has(triggerScope(r.trigger_type)));
        return { webhooks: rows.map(toWebhook), pagination: { limit: rows.length, offset: 0, total: rows.length } };
      };
      return withReachableSite(ctx, p, siteId, () => sendCachedList(ctx, reply, key, [`site:${siteId}`, 'webhooks'], load));
    },
  );

  app.post(
    '/sites/:site_id/webhooks',
    {
      config: trigger,
      schema: {
        summary: 'Create Webhook',
        description: `A webhook created with a site token is signed with its own secret, returned once in the \`${WEBHOOK_SECRET_HEADER}\` response header (the body stays the SDK's \`Webhook\`).`,
        tags: ['Webhooks'],
        params: Type.Object({ site_id: ObjectId }),
        body: CreateBody,
        response: { 201: Webhook, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const site = await reachableSite(ctx, p, req.params.site_id);
      if (!site) throw notFound('site');
      const { triggerType, url, filter } = req.body;
      if (!isTriggerType(triggerType)) {
        throw new ApiError('unsupported_webhook_trigger_type', `Unsupported webhook trigger type "${triggerType}"`, [
          { field: 'triggerType', message: `must be one of ${TRIGGER_TYPES.join(', ')}` },
        ]);
      }
      requireScopes(p, [TRIGGER_SCOPES[triggerType]]);
      if (filter && triggerType !== 'form_submission') {
        throw new ApiError('incompatible_webhook_filter', undefined, [{ field: 'filter', message: 'only for form_submission' }]);
      }
      const created = await createWebhook(ctx, {
        siteId: site.id,
        workspaceId: site.workspaceId,
        triggerType,
        url,
        filter: filter ?? null,
        owner: webhookOwnerOf(p),
      });
      if (created.secretKey) reply.header(WEBHOOK_SECRET_HEADER, created.secretKey).header('cache-control', 'no-store');
      return reply.code(201).send(created.webhook);
    },
  );

  app.get(
    '/webhooks/:webhook_id',
    {
      config: trigger,
      schema: { summary: 'Get Webhook', tags: ['Webhooks'], params: Type.Object({ webhook_id: ObjectId }), response: { 200: Webhook, ...errorResponses } },
    },
    async (req) => toWebhook(await ownWebhook(req, req.params.webhook_id)),
  );

  app.delete(
    '/webhooks/:webhook_id',
    {
      config: trigger,
      schema: {
        summary: 'Remove Webhook',
        tags: ['Webhooks'],
        params: Type.Object({ webhook_id: ObjectId }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteWebhook(ctx, (await ownWebhook(req, req.params.webhook_id)).id);
      return reply.code(204).send(null);
    },
  );
};
