import nodemailer, { type Transporter } from 'nodemailer';
import { MailNotSent, type MailMessage, type MailTransport } from './mailer.js';

/** Waits on the mail server are bounded, so a request that sends mail never hangs on it. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends through the SMTP server named by `SMTP_URL` (`smtp://` with STARTTLS when offered, `smtps://`
 * for implicit TLS; user and password in the URL), from `MAIL_FROM` (docs/configuration.md, "Email").
 */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    url.searchParams.set('connectionTimeout', String(SMTP_TIMEOUT_MS));
    url.searchParams.set('greetingTimeout', String(SMTP_TIMEOUT_MS));
    url.searchParams.set('socketTimeout', String(SMTP_TIMEOUT_MS));
    this.transporter = nodemailer.createTransport(url.toString(), { from });
  }

  async deliver(message: MailMessage): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
    } catch (err) {
      // The server's words (an SMTP reply, a connection error) never include the message body.
      throw new MailNotSent(err instanceof Error ? err.message : 'the mail server refused the message');
    }
  }

  close(): void {
    this.transporter.close();
  }
}
