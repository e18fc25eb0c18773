import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const PLAIN_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids: a caller's `x-request-id` when it is short and plain, otherwise a fresh UUID. */
export function requestId(req: { headers: IncomingHttpHeaders }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : randomUUID();
}
