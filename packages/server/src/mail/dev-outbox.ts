import { MailNotSent, type MailMessage, type MailTransport } from './mailer.js';

export interface OutboxEntry extends MailMessage {
  sentAt: string;
}

/** How many messages the outbox keeps: enough to find the last few links, never a growing heap. */
const KEPT = 50;

/**
 * Development mail (docs/configuration.md, "Email"): with no `SMTP_URL` on a loopback `PUBLIC_URL`,
 * messages are kept in memory for the local outbox page and printed to the developer's terminal.
 * `print` is undefined when stdout is not a terminal: links are credentials, and a log stream is
 * kept and shared, so they are never written to one.
 */
export class DevOutbox implements MailTransport {
  readonly kind = 'outbox';
  private readonly entries: OutboxEntry[] = [];

  constructor(
    private readonly now: () => Date,
    private readonly print?: (text: string) => void,
  ) {}

  async deliver(message: MailMessage): Promise<void> {
    const entry = { ...message, sentAt: this.now().toISOString() };
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, KEPT);
    this.print?.(`\n── email to ${message.to}: ${message.subject}\n${message.text}\n──\n`);
  }

  /** Newest first. */
  messages(): readonly OutboxEntry[] {
    return this.entries;
  }

  close(): void {}
}

/** No SMTP server on a public URL: nothing can be sent, and every surface says so instead of failing. */
export class NoTransport implements MailTransport {
  readonly kind = 'none';

  async deliver(): Promise<void> {
    throw new MailNotSent('email is not set up on this server (SMTP_URL)');
  }

  close(): void {}
}
