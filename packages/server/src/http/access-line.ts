import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonString } from './json-string.js';
import { requestFields } from './logging.js';

/**
 * The fields of the access line (docs/adr/0027-one-access-log-line.md) as JSON, written by hand: the keys
 * are fixed, and a value is escaped only when it holds a character that needs it. The same text
 * pino writes for `{ req, res, responseTime }` and the message, after the line's level, time and bindings.
 */
export function accessLineFields(request: FastifyRequest, reply: FastifyReply, msg: string): string {
  const req = requestFields(request);
  let out = `,"req":{"method":${jsonString(req.method)}`;
  if (req.url !== undefined) out += `,"url":${jsonString(req.url)}`;
  if (req.host !== undefined) out += `,"host":${jsonString(req.host)}`;
  if (req.remoteAddress !== undefined) out += `,"remoteAddress":${jsonString(req.remoteAddress)}`;
  const time = reply.elapsedTime;
  return `${out}},"res":{"statusCode":${reply.statusCode}},"responseTime":${Number.isFinite(time) ? time : 'null'},"msg":${jsonString(msg)}`;
}
