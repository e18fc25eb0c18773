import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { validation } from '../errors.js';
import { mergePayload, SAMPLE_PAYLOADS } from './webhook-sample-payloads.js';
import { enqueueWebhookDeliveries } from './webhook-delivery.js';
import { isTriggerType, TRIGGER_TYPES, type TriggerType } from './webhook-triggers.js';
import { transaction } from '../../store/transaction.js';

export interface TestEventOutcome {
  triggerType: TriggerType;
  payload: Record<string, unknown>;
  deliveries: Array<{ id: string; webhookId: string; url: string; status: string; attempts: number; statusCode: number | null; error: string | null }>;
}

const HOLD_MS = 2 * 60_000;

/** One webhook to send a test event to (from its dashboard page), with its form-name filter. */
export interface TestEventTarget {
  webhookId: string;
  filterName?: string | undefined;
  /** Who sent it, for the `webhook_test_sent` audit event. */
  actor?: AuditActor;
}

/**
 * A person sending a test event or a redelivery to one webhook means to try it again: a webhook that
 * was deactivated after repeated failures is turned back on (docs/webhooks.md, "In the dashboard").
 */
export async function reactivateWebhook(db: Kysely<Database>, webhookId: string): Promise<void> {
  await db.updateTable('webhooks').set({ active: 1, consecutive_failures: 0 }).where('id', '=', webhookId).where('active', '=', 0).execute();
}

/** The one place a trigger type named by a person is checked; the message names every valid one. */
export function checkTriggerType(value: string): TriggerType {
  if (!isTriggerType(value)) throw validation('triggerType', `Unknown trigger type "${value}". Valid trigger types: ${TRIGGER_TYPES.join(', ')}`);
  return value;
}

/**
 * A test event (docs/webhooks.md, "Test events"), the way `stripe trigger` sends one: a realistic
 * payload of the trigger type for the site, with `overrides` laid over it, queued to every active
 * webhook of that site and type exactly as a real event is (same body shape, same signature, same
 * retries), then sent at once so the caller can report each delivery.
 */
export async function sendTestEvent(
  ctx: PlatformContext,
  deliverNow: (ids: string[]) => Promise<void>,
  site: { id: string; workspaceId: string; shortName: string },
  triggerType: string,
  overrides: Record<string, unknown> = {},
  only?: TestEventTarget,
): Promise<TestEventOutcome> {
  const type = checkTriggerType(triggerType);
  const base = SAMPLE_PAYLOADS[type]({ siteId: site.id, workspaceId: site.workspaceId, shortName: site.shortName, now: ctx.now() });
  // Sent to one webhook, a form_submission sample carries the form name its filter asks for.
  const payload = mergePayload(base, only?.filterName ? { ...overrides, name: only.filterName } : overrides);
  const formName = type === 'form_submission' && typeof payload.name === 'string' ? payload.name : undefined;
  // Held past a worker's lease, so no other node sends them first; a crash here leaves them to the queue.
  const heldUntil = new Date(ctx.now().getTime() + HOLD_MS);
  const ids = await transaction(ctx.db, async (trx) => {
    if (only) {
      await reactivateWebhook(trx, only.webhookId);
      const audit = { webhookId: only.webhookId, triggerType: type };
      await recordAudit(
        ctx,
        {
          workspaceId: site.workspaceId,
          siteId: site.id,
          actor: only.actor ?? null,
          eventType: 'site_management',
          eventSubType: 'webhook_test_sent',
          payload: audit,
        },
        trx,
      );
    }
    const event = { siteId: site.id, triggerType: type, payload, ...(formName ? { formName } : {}), ...(only ? { webhookId: only.webhookId } : {}) };
    return enqueueWebhookDeliveries(ctx, trx, event, heldUntil);
  });
  await deliverNow(ids);
  const rows = ids.length
    ? await ctx.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .select(['d.id', 'd.webhook_id', 'w.url', 'd.status', 'd.attempts', 'd.last_status_code', 'd.last_error'])
        .where('d.id', 'in', ids)
        .orderBy('d.id')
        .execute()
    : [];
  return {
    triggerType: type,
    payload,
    deliveries: rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      url: r.url,
      status: r.status,
      attempts: r.attempts,
      statusCode: r.last_status_code,
      error: r.last_error,
    })),
  };
}
