import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { accessLineFields } from './access-line.js';
import { LazyChildLogger } from './lazy-child-logger.js';

/** Request loggers are pino's or http/lazy-child-logger.ts's, which both answer this; any other writes every line. */
const enabled = (log: FastifyBaseLogger, level: string): boolean =>
  (log as FastifyBaseLogger & { isLevelEnabled?(level: string): boolean }).isLevelEnabled?.(level) ?? true;

/** The message of the one line a request writes at `info` (http/terminal-log.ts reads it back). */
export const REQUEST_COMPLETED = 'request completed';
/** Written at `debug` only, as a request arrives, so a request still in flight can be traced. */
export const REQUEST_INCOMING = 'incoming request';

/**
 * One access-log line per request at `info` (docs/adr/0027-one-access-log-line.md), through Fastify's
 * own extension point for its request lines: the completed line carries what Fastify's two lines did —
 * the request (method, redacted URL, host, client address: `requestFields`), the status, the response
 * time and, through the request's logger, the request id; the completed line is written by hand
 * (http/access-line.ts, docs/adr/0029-access-line-by-hand.md). The arrival line is `debug`; a
 * request's logger builds nothing for a level that is off (http/lazy-child-logger.ts).
 */
export class AccessLog extends LogController {
  // Both run on every request: at a level that is off they build no line's fields.
  override incomingRequest(request: FastifyRequest): void {
    if (enabled(request.log, 'debug')) request.log.debug({ req: request }, REQUEST_INCOMING);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const log = reply.log;
    if (error) log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else if (log instanceof LazyChildLogger) {
      if (log.isLevelEnabled('info')) log.writeFields('info', accessLineFields(request, reply, REQUEST_COMPLETED));
    } else if (enabled(log, 'info')) log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, REQUEST_COMPLETED);
  }
}
