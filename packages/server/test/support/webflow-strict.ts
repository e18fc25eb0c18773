import { createRequire } from 'node:module';

/**
 * The official `webflow-api` SDK's own serializers, used strictly: an unknown key, an unknown union member
 * or an unknown enum value is a failure (the SDK itself parses leniently, which hides such drift).
 */
const require = createRequire(import.meta.url);
export const sdk = require('webflow-api/serialization') as Record<string, StrictSchema>;
const core = require('webflow-api/core') as { serialization: { object(shape: Record<string, unknown>): StrictSchema; string(): { optional(): unknown } } };

export interface StrictSchema {
  parse(raw: unknown, opts: object): { ok: true; value: unknown } | { ok: false; errors: Array<{ path: string[]; message: string }> };
}

export const STRICT = {
  unrecognizedObjectKeys: 'fail',
  allowUnrecognizedUnionMembers: false,
  allowUnrecognizedEnumValues: false,
  skipValidation: false,
} as const;

/** The strict parse errors of `body` under `schema`, as `path: message` lines; [] when it parses. */
export function strictErrors(schema: StrictSchema, body: unknown): string[] {
  const parsed = schema.parse(body, STRICT);
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`);
}

export function schemaNamed(name: string): StrictSchema {
  const schema = sdk[name];
  if (!schema) throw new Error(`webflow-api has no serializer ${name}`);
  return schema;
}

/**
 * The SDK's webhook payload serializer per trigger type. `ecomm_inventory_changed` has no wrapper in the
 * SDK, only its payload (`InventoryItem`), so the `{triggerType, payload}` envelope around it is built the
 * way the SDK builds the others.
 */
export const WEBHOOK_BODY_SCHEMAS: Record<string, StrictSchema> = {
  form_submission: schemaNamed('FormSubmissionTrigger'),
  site_publish: schemaNamed('SitePublish'),
  page_created: schemaNamed('PageCreatedWebhook'),
  page_metadata_updated: schemaNamed('PageMetadataUpdatedWebhook'),
  page_deleted: schemaNamed('PageDeletedWebhook'),
  ecomm_new_order: schemaNamed('NewOrder'),
  ecomm_order_changed: schemaNamed('UpdatedOrder'),
  ecomm_inventory_changed: core.serialization.object({
    triggerType: core.serialization.string().optional(),
    payload: (sdk.InventoryItem as unknown as { optional(): unknown }).optional(),
  }),
  collection_item_created: schemaNamed('CollectionItemCreated'),
  collection_item_changed: schemaNamed('CollectionItemChanged'),
  collection_item_deleted: schemaNamed('CollectionItemRemoved'),
  collection_item_published: schemaNamed('CollectionItemPublished'),
  collection_item_unpublished: schemaNamed('CollectionItemUnpublished'),
  comment_created: schemaNamed('Comment'),
};

/** Strict errors of a webhook delivery body: its envelope and payload, and its trigger type against the SDK enum. */
export function webhookBodyErrors(body: unknown): string[] {
  const triggerType = (body as { triggerType?: unknown } | null)?.triggerType;
  const enumErrors = strictErrors(schemaNamed('TriggerType'), triggerType).map((e) => `triggerType ${e}`);
  const schema = typeof triggerType === 'string' ? WEBHOOK_BODY_SCHEMAS[triggerType] : undefined;
  if (!schema) return [...enumErrors, `no SDK payload serializer for ${String(triggerType)}`];
  return [...enumErrors, ...strictErrors(schema, body)];
}
