import type { FastifyReply, FastifyRequest } from 'fastify';
import { beginIdempotent, requestFingerprint } from '../../../platform/admin/idempotency.js';
import type { PlatformContext } from '../../../platform/context.js';

/**
 * Runs a create once per `Idempotency-Key` (docs/admin-api.md, "Idempotency"): without the header it just
 * runs; with it, a retry of the same request gets the first answer again with `Idempotent-Replayed: true`.
 */
export async function createOnce<T>(ctx: PlatformContext, req: FastifyRequest, reply: FastifyReply, status: number, run: () => Promise<T>): Promise<T> {
  const header = req.headers['idempotency-key'];
  reply.code(status);
  if (header === undefined) return run();
  const key = Array.isArray(header) ? header.join(',') : header;
  const start = await beginIdempotent(ctx, req.adminKey!.id, key, requestFingerprint(req.method, req.url.split('?')[0]!, req.body));
  if (start.kind === 'replay') {
    reply.code(start.status).header('idempotent-replayed', 'true');
    return start.body as T;
  }
  try {
    const body = await run();
    await start.complete(status, body);
    return body;
  } catch (err) {
    await start.abandon();
    throw err;
  }
}
