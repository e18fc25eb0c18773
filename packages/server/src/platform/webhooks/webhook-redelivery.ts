import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { PlatformError, notFound } from '../errors.js';
import { reactivateWebhook } from './webhook-test-events.js';
import { webhookAudit } from './webhooks.js';
import { transaction } from '../../store/transaction.js';

/** Past a worker's lease, as for test events: no other node picks the delivery up while this one sends it. */
const HOLD_MS = 2 * 60_000;

/**
 * Redeliver (docs/webhooks.md, "In the dashboard"): one more attempt of a delivery that is over
 * (delivered or failed), with the same body and the same delivery id, so a receiver that processed it
 * already can tell; the timestamp and signature are new, as on every attempt. It is sent at once through
 * the queue's own claim and bookkeeping (`deliverNow`), and a failure is retried like any other while the
 * delivery has retries left. A delivery still pending is refused: the queue has it, and sending it here
 * too could send one attempt twice. The database decides which (one conditional UPDATE).
 */
export async function redeliver(
  ctx: PlatformContext,
  deliverNow: (ids: string[]) => Promise<void>,
  webhookId: string,
  deliveryId: string,
  actor: AuditActor,
): Promise<void> {
  const heldUntil = new Date(ctx.now().getTime() + HOLD_MS).toISOString();
  await transaction(ctx.db, async (trx) => {
    const hook = await trx.selectFrom('webhooks').selectAll().where('id', '=', webhookId).executeTakeFirst();
    if (!hook) throw notFound('Webhook');
    const reopened = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: heldUntil })
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', webhookId)
      .where('status', 'in', ['delivered', 'failed'])
      .executeTakeFirst();
    if (Number(reopened.numUpdatedRows) === 0) {
      const exists = await trx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('id', '=', deliveryId)
        .where('webhook_id', '=', webhookId)
        .executeTakeFirst();
      if (!exists) throw notFound('Delivery');
      throw new PlatformError('conflict', 'This delivery is still queued for another attempt. Redeliver it once it is delivered or has failed.');
    }
    await reactivateWebhook(trx, webhookId);
    await recordAudit(ctx, webhookAudit(hook, 'webhook_redelivered', actor, { deliveryId }), trx);
  });
  await deliverNow([deliveryId]);
}
