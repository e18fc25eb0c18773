/** docs/webflow-wire.md, "Webhooks": every trigger type and the scope a token needs to create, see or remove it. */
export const TRIGGER_SCOPES = {
  form_submission: 'forms:read',
  site_publish: 'sites:read',
  page_created: 'pages:read',
  page_metadata_updated: 'pages:read',
  page_deleted: 'pages:read',
  ecomm_new_order: 'ecommerce:read',
  ecomm_order_changed: 'ecommerce:read',
  ecomm_inventory_changed: 'ecommerce:read',
  collection_item_created: 'cms:read',
  collection_item_changed: 'cms:read',
  collection_item_deleted: 'cms:read',
  collection_item_unpublished: 'cms:read',
  collection_item_published: 'cms:read',
  comment_created: 'comments:read',
} as const;

export type TriggerType = keyof typeof TRIGGER_SCOPES;

export const TRIGGER_TYPES = Object.keys(TRIGGER_SCOPES) as TriggerType[];

export function isTriggerType(value: string): value is TriggerType {
  return Object.hasOwn(TRIGGER_SCOPES, value);
}

/**
 * docs/webflow-wire.md, "Webhooks": at most 75 registrations per trigger type per site. Gatehouse counts them per owner
 * on the site (an app authorization, or a site token), so one owner cannot exhaust it for the others.
 */
export const WEBHOOKS_PER_TRIGGER_PER_OWNER = 75;
