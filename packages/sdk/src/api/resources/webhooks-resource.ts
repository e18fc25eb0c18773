import type { ResolvedOptions } from '../../options.js';
import { dataApiRequest, v2Path } from '../data-api-request.js';
import type { CreateWebhookRequest, Webhook, WebhookList } from '../types/webhook.js';

/**
 * Webhooks (docs/webflow-wire.md, "Webhooks"): each call needs the scope of the webhook's trigger type.
 *
 * @example
 * const hook = await client.webhooks.create(siteId, { triggerType: 'site_publish', url });
 */
export class WebhooksResource {
  constructor(private readonly options: ResolvedOptions) {}

  /**
   * `GET /v2/sites/{siteId}/webhooks`.
   *
   * @example
   * const { webhooks } = await client.webhooks.list(siteId);
   */
  list(siteId: string): Promise<WebhookList> {
    return dataApiRequest(this.options, 'GET', v2Path`/sites/${siteId}/webhooks`);
  }

  /**
   * `POST /v2/sites/{siteId}/webhooks` (answers 201).
   *
   * @example
   * await client.webhooks.create(siteId, { triggerType: 'form_submission', url, filter: { name: 'Contact' } });
   */
  create(siteId: string, request: CreateWebhookRequest): Promise<Webhook> {
    return dataApiRequest(this.options, 'POST', v2Path`/sites/${siteId}/webhooks`, { json: request });
  }

  /**
   * `GET /v2/webhooks/{webhookId}`.
   *
   * @example
   * const hook = await client.webhooks.get(webhookId);
   */
  get(webhookId: string): Promise<Webhook> {
    return dataApiRequest(this.options, 'GET', v2Path`/webhooks/${webhookId}`);
  }

  /**
   * `DELETE /v2/webhooks/{webhookId}` (answers 204).
   *
   * @example
   * await client.webhooks.remove(webhookId);
   */
  async remove(webhookId: string): Promise<void> {
    await dataApiRequest<unknown>(this.options, 'DELETE', v2Path`/webhooks/${webhookId}`);
  }
}
