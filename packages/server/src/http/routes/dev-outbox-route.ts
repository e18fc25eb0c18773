import type { FastifyPluginAsync } from 'fastify';
import ipaddr from 'ipaddr.js';
import { DevOutbox } from '../../mail/dev-outbox.js';
import type { Runtime } from '../../runtime.js';
import { devOutboxPage } from '../../views/dev-outbox.js';
import { sendPage } from '../security-headers.js';

/**
 * docs/configuration.md, "Email": `/dev/outbox` exists only while mail goes to the development outbox
 * (no SMTP_URL, loopback PUBLIC_URL), and answers only requests from this machine. The messages hold
 * sign-in-grade links, so nobody else may read them.
 */
export function devOutboxRoute(runtime: Runtime): FastifyPluginAsync {
  return async (app) => {
    const outbox = runtime.ctx.mail.transport;
    if (!(outbox instanceof DevOutbox)) return;
    app.get('/dev/outbox', async (req, reply) => {
      if (!fromThisMachine(req.ip)) return reply.callNotFound();
      reply.header('cache-control', 'no-store');
      return sendPage(reply, devOutboxPage(outbox.messages(), reply.server.catalogue));
    });
  };
}

function fromThisMachine(ip: string): boolean {
  try {
    return ipaddr.process(ip).range() === 'loopback';
  } catch {
    return false;
  }
}
