import { OutboundRefused } from '../../outbound/outbound-guard.js';
import type { WebhookDeliveryRow } from '../../store/schema.js';
import type { PlatformContext } from '../context.js';
import type { RevokedNotice } from '../caches/events.js';
import { signWebhookBody } from './webhook-delivery.js';
import { isWebhookOwnerLive, webhookWithOwner, type InFlightSend } from './webhook-owner-liveness.js';
import { transaction } from '../../store/transaction.js';

export interface WebhookDeliveryOptions {
  /** Wait before each retry; its length is the number of retries. Default: 3 retries, 10 minutes apart (docs/webflow-wire.md, "Webhooks"). */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** How often the queue is polled when nothing pokes the worker. */
  pollEveryMs?: number;
  batchSize?: number;
}

const DEFAULTS = { retryDelaysMs: [600_000, 600_000, 600_000], timeoutMs: 10_000, pollEveryMs: 5_000, batchSize: 20 };

/**
 * A claimed delivery is leased for its request timeout plus this: time to record the outcome. A node that
 * dies mid-send lets another node send it again that much later, with the same delivery id.
 */
export const LEASE_GRACE_MS = 2_000;

/** docs/data-api.md, webhook delivery: the same on every attempt of one delivery, so receivers can deduplicate. */
export const DELIVERY_ID_HEADER = 'x-gatehouse-delivery-id';

/**
 * Sends queued webhook deliveries. Rows are claimed atomically (a lease written by one UPDATE, with
 * SKIP LOCKED on PostgreSQL) so two nodes never send the same attempt; a node that dies mid-send
 * leaves a lease that expires after the request timeout (plus {@link LEASE_GRACE_MS}), and the delivery
 * is sent again, by any node, under the same delivery id.
 */
export class WebhookDeliveryWorker {
  private readonly options: Required<WebhookDeliveryOptions>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private readonly onDue = () => void this.kick();
  /** Sends under way; a revocation notice aborts those of the grant it ends, so none starts after it. */
  private readonly inFlight = new Set<InFlightSend>();
  private readonly onRevoked = (notice: RevokedNotice) => {
    for (const send of this.inFlight) if (send.endedBy(notice)) send.controller.abort();
  };

  constructor(
    private readonly ctx: PlatformContext,
    options: WebhookDeliveryOptions = {},
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(this.onDue, this.options.pollEveryMs);
    this.timer.unref();
    this.ctx.events.on('webhooks.due', this.onDue);
    void this.kick();
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.ctx.events.off('webhooks.due', this.onDue);
    this.again = false;
    await this.running?.catch(() => 0);
  }

  /** Runs the queue now (coalescing overlapping pokes). */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let sent = 0;
      do {
        this.again = false;
        sent += await this.runOnce().catch((err) => (this.onError(err), 0));
      } while (this.again && this.timer);
      return sent;
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Sends every delivery due now; returns how many attempts were made. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.claim();
      await Promise.all(batch.map((d) => this.attempt(d)));
      total += batch.length;
      if (batch.length < this.options.batchSize) return total;
    }
  }

  /**
   * Sends these pending deliveries now, due or held, with the same claim, signature and bookkeeping as the
   * queue (a failure is retried later like any other); used where a caller waits to report each outcome.
   * Pass only ids the caller queued held (`enqueueWebhookDeliveries`), which no worker has leased.
   */
  async deliverNow(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const batch = await this.claim(ids);
    await Promise.all(batch.map((d) => this.attempt(d)));
  }

  private async claim(only?: string[]): Promise<WebhookDeliveryRow[]> {
    const now = this.ctx.now();
    const due = now.toISOString();
    const lease = new Date(now.getTime() + this.options.timeoutMs + LEASE_GRACE_MS).toISOString();
    let ids = this.ctx.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .orderBy('next_attempt_at')
      .limit(only ? only.length : this.options.batchSize);
    ids = only ? ids.where('id', 'in', only) : ids.where('next_attempt_at', '<=', due);
    if (this.ctx.dialect === 'postgres') ids = ids.forUpdate().skipLocked();
    let claim = this.ctx.db.updateTable('webhook_deliveries').set({ next_attempt_at: lease }).where('id', 'in', ids).where('status', '=', 'pending');
    if (!only) claim = claim.where('next_attempt_at', '<=', due);
    return claim.returningAll().execute();
  }

  private async attempt(d: WebhookDeliveryRow): Promise<void> {
    // Registered before the owner is read: a notice that lands after the read still aborts the send.
    const send: InFlightSend = { webhookId: d.webhook_id, controller: new AbortController(), endedBy: () => false };
    // Listening only while something is in flight, however the worker is run (started, or runOnce).
    if (this.inFlight.size === 0) this.ctx.events.on('revoked', this.onRevoked);
    this.inFlight.add(send);
    try {
      await this.send(d, send);
    } finally {
      this.inFlight.delete(send);
      if (this.inFlight.size === 0) this.ctx.events.off('revoked', this.onRevoked);
    }
  }

  private async send(d: WebhookDeliveryRow, send: InFlightSend): Promise<void> {
    const hook = await webhookWithOwner(this.ctx, d.webhook_id);
    if (!hook) return;
    send.endedBy = (notice) => hook.endedBy(notice);
    if (!isWebhookOwnerLive(hook, this.ctx.now())) return this.drop(d, 'the grant that created this webhook has ended');
    if (send.controller.signal.aborted) return this.drop(d, 'the grant that created this webhook has ended');
    if (hook.active !== 1) return this.record(d, { ok: false, statusCode: null, error: 'webhook is deactivated', final: true });
    const sealed = hook.secret_key_encrypted ?? hook.client_secret_encrypted;
    const timestamp = String(this.ctx.now().getTime());
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Gatehouse-Webhooks/1',
      'x-webflow-timestamp': timestamp,
      [DELIVERY_ID_HEADER]: d.id,
    };
    if (sealed) headers['x-webflow-signature'] = signWebhookBody(this.ctx.secrets.open(sealed), timestamp, d.body);
    try {
      // The target is judged again here and the checked address is the one connected to; no redirect is followed.
      // A revocation notice for the owner aborts it, name lookup included.
      // Response time: from the request leaving to the receiver's status line, on a monotonic clock.
      const started = performance.now();
      const status = await this.ctx.outbound.post(hook.url, { headers, body: d.body, timeoutMs: this.options.timeoutMs, signal: send.controller.signal });
      const responseMs = Math.round(performance.now() - started);
      // docs/webflow-wire.md, "Webhooks": anything other than a 200 (redirects included) is a failure.
      await this.record(d, status === 200 ? { ok: true, statusCode: 200, responseMs } : { ok: false, statusCode: status, error: `HTTP ${status}`, responseMs });
    } catch (err) {
      if (send.controller.signal.aborted) return this.drop(d, 'the grant that created this webhook has ended');
      await this.record(d, { ok: false, statusCode: null, error: describeFailure(err) });
    }
  }

  /** A delivery whose grant ended is never sent: it is marked failed (if its webhook still exists), not retried. */
  private async drop(d: WebhookDeliveryRow, reason: string): Promise<void> {
    await transaction(this.ctx.db, async (trx) => {
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'failed', last_error: reason, next_attempt_at: this.ctx.now().toISOString() })
        .where('id', '=', d.id)
        .execute();
      await trx.updateTable('webhooks').set({ active: 0 }).where('id', '=', d.webhook_id).execute();
    });
  }

  private async record(
    d: WebhookDeliveryRow,
    outcome:
      { ok: true; statusCode: number; responseMs: number } | { ok: false; statusCode: number | null; error: string; final?: boolean; responseMs?: number },
  ): Promise<void> {
    const now = this.ctx.now();
    const attempts = d.attempts + 1;
    const retryDelay = this.options.retryDelaysMs[d.attempts];
    const final = !outcome.ok && (outcome.final === true || retryDelay === undefined);
    await transaction(this.ctx.db, async (trx) => {
      await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts,
          last_status_code: outcome.statusCode,
          last_error: outcome.ok ? null : outcome.error,
          status: outcome.ok ? 'delivered' : final ? 'failed' : 'pending',
          delivered_at: outcome.ok ? now.toISOString() : null,
          last_attempt_at: now.toISOString(),
          last_response_ms: outcome.responseMs ?? null,
          next_attempt_at: outcome.ok || final ? now.toISOString() : new Date(now.getTime() + retryDelay!).toISOString(),
        })
        .where('id', '=', d.id)
        .execute();
      const hook = trx.updateTable('webhooks').where('id', '=', d.webhook_id);
      if (outcome.ok) await hook.set({ consecutive_failures: 0, last_triggered: now.toISOString() }).execute();
      else await hook.set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1), ...(final ? { active: 0 } : {}) })).execute();
    });
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof OutboundRefused) return `refused: ${err.message}`;
  const timedOut = (e: unknown) => e instanceof Error && e.name === 'TimeoutError';
  if (timedOut(err) || (err instanceof Error && timedOut(err.cause))) return 'timed out';
  return `network error: ${err instanceof Error ? err.message : String(err)}`;
}
