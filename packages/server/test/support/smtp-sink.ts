import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  /** Every http(s) link in the text, in order. */
  links: string[];
}

/**
 * A real SMTP server on loopback that keeps what it receives (the `smtp-server` package, with
 * `mailparser` to read the MIME the way a mail client would). `refuse = true` makes it answer every
 * message with a temporary failure, as a mail server that is down for maintenance does.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuse = false;
  private waiters: Array<{ match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }> = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      if (this.refuse) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((parsed) => {
        const text = parsed.text ?? '';
        const to = Array.isArray(parsed.to) ? (parsed.to[0]?.text ?? '') : (parsed.to?.text ?? '');
        const mail = { to, subject: parsed.subject ?? '', text, links: text.match(/https?:\/\/\S+/g) ?? [] };
        this.received.push(mail);
        for (const w of this.waiters.filter((w) => w.match(mail))) w.resolve(mail);
        this.waiters = this.waiters.filter((w) => !w.match(mail));
        callback();
      }, callback);
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next message (already received or still to come) that `match` accepts. */
  next(match: (m: ReceivedMail) => boolean): Promise<ReceivedMail> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Messages to `to` so far. */
  to(to: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(to));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The path (with query) of a link, for app.inject(). */
export const pathOf = (link: string): string => {
  const url = new URL(link);
  return url.pathname + url.search;
};
