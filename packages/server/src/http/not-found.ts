import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../views/layout.js';
import { sendPage } from './security-headers.js';

/** Whether the client asks for a page: browsers send `text/html` in Accept; API clients and curl do not. */
export function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}

/**
 * Unknown URLs outside the Data API (which answers in its own format, docs/errors.md): a Gatehouse page for a
 * browser, Fastify's usual JSON for everyone else. The log line is Fastify's own, so logs read the same.
 */
export function sendNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const message = `Route ${req.method}:${req.url} not found`;
  req.log.info(message);
  if (acceptsHtml(req)) {
    return sendPage(
      reply,
      errorPage('Page not found', 'There is no page at this address. It may have moved, or the link may be mistyped.', reply.server.catalogue),
      404,
    );
  }
  return reply.code(404).send({ message, error: 'Not Found', statusCode: 404 });
}
