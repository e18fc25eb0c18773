import { newId } from '../../crypto/ids.js';
import { randomHex } from '../../crypto/random-pool.js';
import type { TriggerType } from './webhook-triggers.js';

/** What a sample is about: the site it is sent for, and when. */
export interface SampleContext {
  siteId: string;
  workspaceId: string;
  shortName: string;
  now: Date;
}

type Payload = Record<string, unknown>;

const price = (cents: number) => ({ unit: 'USD', value: String(cents), string: `$${(cents / 100).toFixed(2)} USD` });

function cmsItem(c: SampleContext, extra: Payload = {}): Payload {
  const at = c.now.toISOString();
  return {
    id: newId(),
    siteId: c.siteId,
    workspaceId: c.workspaceId,
    collectionId: newId(),
    cmsLocaleId: newId(),
    lastPublished: at,
    lastUpdated: at,
    createdOn: at,
    isArchived: false,
    isDraft: false,
    fieldData: { name: 'Sample item', slug: 'sample-item' },
    ...extra,
  };
}

function order(c: SampleContext, status: string): Payload {
  const at = c.now.toISOString();
  return {
    orderId: `${randomHex(3).slice(0, 5)}-${randomHex(3).slice(0, 5)}`,
    status,
    comment: '',
    orderComment: '',
    acceptedOn: at,
    customerPaid: price(5500),
    netAmount: price(5290),
    applicationFee: price(110),
    allAddresses: [
      { type: 'shipping', addressee: 'Ada Admin', line1: '1 Sample Street', city: 'Springfield', state: 'OR', country: 'US', postalCode: '97475' },
    ],
    customerInfo: { fullName: 'Ada Admin', email: 'ada@example.com' },
    purchasedItems: [
      {
        count: 1,
        rowTotal: price(5000),
        productId: newId(),
        productName: 'Sample product',
        productSlug: 'sample-product',
        variantId: newId(),
        variantName: 'Sample product: Default',
        variantSlug: 'sample-product-default',
        variantPrice: price(5000),
      },
    ],
    purchasedItemsCount: 1,
    isCustomerDeleted: false,
    isShippingRequired: true,
    hasDownloads: false,
    paymentProcessor: 'stripe',
    totals: { subtotal: price(5000), extras: [], total: price(5500) },
  };
}

/**
 * A realistic payload per trigger type, in the shape Webflow delivers and the official SDK's webhook
 * serializers describe (docs/webhooks.md, "Test events"). Ids are fresh; the site is the one asked for.
 */
export const SAMPLE_PAYLOADS: Readonly<Record<TriggerType, (c: SampleContext) => Payload>> = {
  form_submission: (c) => ({
    name: 'Contact',
    siteId: c.siteId,
    data: { Name: 'Ada Admin', Email: 'ada@example.com', Message: 'Hello from a test event' },
    schema: [
      { fieldName: 'Name', fieldType: 'FormTextInput', fieldElementId: newId() },
      { fieldName: 'Email', fieldType: 'FormTextInput', fieldElementId: newId() },
      { fieldName: 'Message', fieldType: 'FormTextarea', fieldElementId: newId() },
    ],
    submittedAt: c.now.toISOString(),
    id: newId(),
    formId: newId(),
    formElementId: newId(),
  }),
  site_publish: (c) => ({
    siteId: c.siteId,
    publishedOn: c.now.toISOString(),
    domains: [`${c.shortName}.webflow.io`],
    publishedBy: { displayName: 'Gatehouse test event' },
  }),
  page_created: (c) => ({ siteId: c.siteId, pageId: newId(), pageTitle: 'Sample page', createdOn: c.now.toISOString(), publishedPath: '/sample-page' }),
  page_metadata_updated: (c) => ({
    siteId: c.siteId,
    pageId: newId(),
    pageTitle: 'Sample page',
    lastUpdated: c.now.toISOString(),
    publishedPath: '/sample-page',
  }),
  page_deleted: (c) => ({ siteId: c.siteId, pageId: newId(), pageTitle: 'Sample page', deletedOn: c.now.toISOString(), publishedPath: '/sample-page' }),
  ecomm_new_order: (c) => order(c, 'unfulfilled'),
  ecomm_order_changed: (c) => ({ ...order(c, 'fulfilled'), fulfilledOn: c.now.toISOString() }),
  ecomm_inventory_changed: () => ({ id: newId(), quantity: 42, inventoryType: 'finite' }),
  collection_item_created: (c) => cmsItem(c),
  collection_item_changed: (c) => cmsItem(c),
  collection_item_deleted: (c) => cmsItem(c),
  collection_item_published: (c) => cmsItem(c),
  collection_item_unpublished: (c) => cmsItem(c),
  comment_created: (c) => {
    const at = c.now.toISOString();
    return {
      threadId: newId(),
      commentId: newId(),
      type: 'thread',
      siteId: c.siteId,
      pageId: newId(),
      breakpoint: 'main',
      url: '/',
      content: 'A comment from a test event',
      isResolved: false,
      author: { userId: newId(), email: 'ada@example.com', name: 'Ada Admin' },
      mentionedUsers: [],
      createdOn: at,
      lastUpdated: at,
    };
  },
};

/** `overrides` laid over `base`: objects merge key by key, anything else (arrays included) replaces. */
export function mergePayload(base: Payload, overrides: Payload): Payload {
  const out: Payload = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const current = out[key];
    const bothObjects = [current, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothObjects ? mergePayload(current as Payload, value as Payload) : value;
  }
  return out;
}
