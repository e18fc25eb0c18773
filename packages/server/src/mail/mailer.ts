/** One email: plain text, because links are what these messages carry (docs/configuration.md, "Email"). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** A message that could not be handed to the mail server (or there is none); the reason is safe to log. */
export class MailNotSent extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MailNotSent';
  }
}

/** Where messages go: an SMTP server, the development outbox, or nowhere (not set up). */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox' | 'none';
  /** Resolves once the server accepted the message; throws MailNotSent otherwise. */
  deliver(message: MailMessage): Promise<void>;
  close(): void;
}
