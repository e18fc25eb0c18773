import type { Config } from '../config/config.js';
import { isLoopbackHost } from '../platform/apps/redirect-uris.js';
import { DevOutbox, NoTransport } from './dev-outbox.js';
import type { MailTransport } from './mailer.js';
import { SmtpTransport } from './smtp-transport.js';

/**
 * docs/configuration.md, "Email": SMTP when `SMTP_URL` is set; otherwise the development outbox, but
 * only for a loopback `PUBLIC_URL` (a public server without SMTP sends nothing and says so).
 */
export function createMailTransport(config: Config, now: () => Date, print: ((text: string) => void) | undefined): MailTransport {
  if (config.smtpUrl) return new SmtpTransport(config.smtpUrl, config.mailFrom);
  if (isLoopbackHost(new URL(config.publicUrl).hostname)) return new DevOutbox(now, print);
  return new NoTransport();
}
