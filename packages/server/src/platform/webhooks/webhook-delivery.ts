import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../crypto/ids.js';
import type { Database, WebhookDeliveryRow } from '../../store/schema.js';
import { isoNow, type PlatformContext } from '../context.js';
import type { TriggerType } from './webhook-triggers.js';

/**
 * Queues one delivery per active webhook of the site for this trigger, in the caller's transaction so an
 * event and its deliveries are written together. Returns how many were queued; the caller emits
 * `webhooks.due` after commit so the worker sends them without blocking the API response.
 */
export async function enqueueWebhookEvent(ctx: PlatformContext, db: Kysely<Database>, event: WebhookEvent): Promise<number> {
  return (await enqueueWebhookDeliveries(ctx, db, event)).length;
}

export interface WebhookEvent {
  siteId: string;
  triggerType: TriggerType;
  payload: Record<string, unknown>;
  formName?: string;
  /** Only this webhook of the site (a test event sent from its page). */
  webhookId?: string;
}

/**
 * As `enqueueWebhookEvent`, returning the ids of the deliveries queued. `heldUntil` keeps the queue's
 * workers off them until then, for a caller that sends them itself at once (a crashed caller's are
 * picked up after it).
 */
export async function enqueueWebhookDeliveries(ctx: PlatformContext, db: Kysely<Database>, event: WebhookEvent, heldUntil?: Date): Promise<string[]> {
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'filter'])
    .where('site_id', '=', event.siteId)
    .where('trigger_type', '=', event.triggerType)
    .where('active', '=', 1)
    .$if(event.webhookId !== undefined, (q) => q.where('id', '=', event.webhookId!))
    .execute();
  const now = isoNow(ctx);
  const rows: WebhookDeliveryRow[] = hooks
    .filter((h) => !h.filter || (JSON.parse(h.filter) as { name?: string }).name === event.formName)
    .map((h) => ({
      id: newId(),
      webhook_id: h.id,
      trigger_type: event.triggerType,
      body: JSON.stringify({ triggerType: event.triggerType, payload: event.payload }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: heldUntil ? heldUntil.toISOString() : now,
      last_status_code: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
    }));
  if (rows.length > 0) await db.insertInto('webhook_deliveries').values(rows).execute();
  return rows.map((r) => r.id);
}

/** docs/webflow-wire.md, "Webhooks" delivery: hex HMAC-SHA256 of `"<timestamp>:<raw body>"`. */
export function signWebhookBody(secret: string, timestampMs: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}:${body}`).digest('hex');
}

export interface DeliveryLogEntry {
  id: string;
  webhookId: string;
  triggerType: string;
  url: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdOn: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
  /** When the last attempt was made, and how long its receiver took to answer (ms; null if none answered). */
  lastAttemptAt: string | null;
  responseMs: number | null;
}

/** The delivery log, newest first (for `gatehouse webhooks deliveries` and a webhook's dashboard page). */
export async function listDeliveries(ctx: PlatformContext, filter: { webhookId?: string | undefined; limit?: number }): Promise<DeliveryLogEntry[]> {
  let query = ctx.db.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id').selectAll('d').select('w.url');
  if (filter.webhookId) query = query.where('d.webhook_id', '=', filter.webhookId);
  const rows = await query
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    triggerType: r.trigger_type,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdOn: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    lastAttemptAt: r.last_attempt_at ?? null,
    responseMs: r.last_response_ms ?? null,
  }));
}
