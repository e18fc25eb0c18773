import { createHash } from 'node:crypto';
import { isoNow, type PlatformContext } from '../context.js';
import { validation } from '../errors.js';

/**
 * `Idempotency-Key` on admin API creates (docs/admin-api.md, "Idempotency"). The first request with a key
 * claims it with an insert the database decides (the primary key), runs, and keeps its answer sealed for
 * `IDEMPOTENCY_TTL_MS`; a retry with the same key and the same request gets that answer again, a retry
 * with another request is refused, and one that arrives while the first is still running is refused too.
 * Refused answers are not kept: a request refused for its content may be corrected and sent again.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;

/** Why a key cannot be used for this request; each surface renders it (the admin API: 422 and 409). */
export class IdempotencyRefused extends Error {
  constructor(
    readonly reason: 'key_reused' | 'in_progress',
    message: string,
  ) {
    super(message);
    this.name = 'IdempotencyRefused';
  }
}

export type IdempotentStart =
  { kind: 'replay'; status: number; body: unknown } | { kind: 'fresh'; complete(status: number, body: unknown): Promise<void>; abandon(): Promise<void> };

/** What makes two requests the same: method, path and body (parsed, so whitespace does not count). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method.toUpperCase(), path, canonical(body)]))
    .digest('base64url');
}

/** Object keys in sorted order, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value ?? null;
}

export function checkIdempotencyKey(key: string): string {
  if (!KEY.test(key)) throw validation('Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  return key;
}

export async function beginIdempotent(ctx: PlatformContext, adminKeyId: string, key: string, fingerprint: string): Promise<IdempotentStart> {
  checkIdempotencyKey(key);
  const now = ctx.now();
  const where = { admin_key_id: adminKeyId, key };
  // A row past its expiry is as good as swept: clear it so this request may claim the key.
  await ctx.db
    .deleteFrom('idempotency_keys')
    .where('admin_key_id', '=', adminKeyId)
    .where('key', '=', key)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  const claimed = await ctx.db
    .insertInto('idempotency_keys')
    .values({
      ...where,
      fingerprint,
      status: null,
      response_sealed: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    })
    .onConflict((oc) => oc.columns(['admin_key_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 1) {
    return {
      kind: 'fresh',
      complete: async (status, body) => {
        await ctx.db
          .updateTable('idempotency_keys')
          .set({ status, response_sealed: ctx.secrets.seal(JSON.stringify(body)) })
          .where('admin_key_id', '=', adminKeyId)
          .where('key', '=', key)
          .execute();
      },
      abandon: async () => {
        await ctx.db.deleteFrom('idempotency_keys').where('admin_key_id', '=', adminKeyId).where('key', '=', key).where('status', 'is', null).execute();
      },
    };
  }
  const held = await ctx.db.selectFrom('idempotency_keys').selectAll().where('admin_key_id', '=', adminKeyId).where('key', '=', key).executeTakeFirst();
  if (!held) return beginIdempotent(ctx, adminKeyId, key, fingerprint); // swept between the insert and this read
  if (held.fingerprint !== fingerprint) {
    throw new IdempotencyRefused('key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request');
  }
  if (held.status === null || held.response_sealed === null) {
    throw new IdempotencyRefused('in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
  return { kind: 'replay', status: held.status, body: JSON.parse(ctx.secrets.open(held.response_sealed)) as unknown };
}

/** Kept answers past their expiry (an ExpiryJob, platform/expiry-sweeper.ts). */
export async function sweepExpiredIdempotencyKeys(ctx: PlatformContext): Promise<number> {
  const result = await ctx.db.deleteFrom('idempotency_keys').where('expires_at', '<=', isoNow(ctx)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
