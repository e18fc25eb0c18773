import type { Transporter } from 'nodemailer';
import { lazyImport } from '../lazy-import.js';
import { MailNotSent, type MailMessage, type MailTransport } from './mailer.js';

/** Waits on the mail server are bounded, so a request that sends mail never hangs on it. */
const SMTP_TIMEOUT_MS = 10_000;

const nodemailer = lazyImport(() => import('nodemailer'));

/**
 * Sends through the SMTP server named by `SMTP_URL` (`smtp://` with STARTTLS when offered, `smtps://`
 * for implicit TLS; user and password in the URL), from `MAIL_FROM` (docs/configuration.md, "Email").
 */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly url: string;
  /** Made at the first message, so nodemailer is loaded only by a node that sends mail. */
  private transporter: Promise<Transporter> | undefined;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    url.searchParams.set('connectionTimeout', String(SMTP_TIMEOUT_MS));
    url.searchParams.set('greetingTimeout', String(SMTP_TIMEOUT_MS));
    url.searchParams.set('socketTimeout', String(SMTP_TIMEOUT_MS));
    this.url = url.toString();
  }

  private connection(): Promise<Transporter> {
    this.transporter ??= nodemailer().then(
      (m) => m.default.createTransport(this.url, { from: this.from }),
      (err: unknown) => {
        this.transporter = undefined;
        throw err;
      },
    );
    return this.transporter;
  }

  async deliver(message: MailMessage): Promise<void> {
    try {
      await (await this.connection()).sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
    } catch (err) {
      // The server's words (an SMTP reply, a connection error) never include the message body.
      throw new MailNotSent(err instanceof Error ? err.message : 'the mail server refused the message');
    }
  }

  close(): void {
    void this.transporter?.then(
      (t) => t.close(),
      () => {},
    );
  }
}
