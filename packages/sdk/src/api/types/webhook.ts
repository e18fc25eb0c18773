import type { Pagination } from './pagination.js';

/**
 * The 14 webhook trigger types (docs/webflow-wire.md, "Webhooks"); each needs the scope of its resource.
 *
 * @example
 * const trigger: TriggerType = 'site_publish'; // needs sites:read
 */
export type TriggerType =
  | 'form_submission'
  | 'site_publish'
  | 'page_created'
  | 'page_metadata_updated'
  | 'page_deleted'
  | 'ecomm_new_order'
  | 'ecomm_order_changed'
  | 'ecomm_inventory_changed'
  | 'collection_item_created'
  | 'collection_item_changed'
  | 'collection_item_deleted'
  | 'collection_item_unpublished'
  | 'collection_item_published'
  | 'comment_created';

/**
 * A webhook registration (docs/webflow-wire.md, "Webhooks"). `secretKey` appears only when a site token creates it.
 *
 * @example
 * const hook: Webhook = await client.webhooks.get(webhookId);
 * console.log(hook.triggerType, hook.url);
 */
export interface Webhook {
  id: string;
  triggerType: TriggerType;
  url: string;
  workspaceId?: string;
  siteId?: string;
  filter?: { name?: string } | null;
  lastTriggered?: string | null;
  createdOn?: string;
  secretKey?: string;
}

/**
 * Body of `POST /v2/sites/{id}/webhooks`; `filter` only for `form_submission`.
 *
 * @example
 * await client.webhooks.create(siteId, { triggerType: 'site_publish', url: 'https://example.com/hook' });
 */
export interface CreateWebhookRequest {
  triggerType: TriggerType;
  url: string;
  filter?: { name: string };
}

/**
 * `GET /v2/sites/{id}/webhooks`.
 *
 * @example
 * const { webhooks }: WebhookList = await client.webhooks.list(siteId);
 */
export interface WebhookList {
  webhooks: Webhook[];
  pagination: Pagination;
}
