import type { LogTarget } from '../runtime-log.js';
import { MailNotSent, type MailMessage, type MailTransport } from './mailer.js';

/** Waits before each retry of a message sent in the background. */
const RETRY_DELAYS_MS = [2_000, 15_000, 60_000];

/**
 * What the platform sends mail through. `send` tries once and tells the caller (who shows the user a
 * message and a re-send button); `sendSoon` is for answers that must not depend on whether mail went
 * out (a password-reset request says the same for every address), so it retries in the background and
 * logs a final failure — naming the reason, never the recipient's link.
 */
export class MailService {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    readonly transport: MailTransport,
    readonly publicUrl: string,
    private readonly log: LogTarget,
  ) {}

  /** An absolute link into this Gatehouse. */
  link(path: string): string {
    return new URL(path, `${this.publicUrl}/`).toString();
  }

  /** Throws MailNotSent when the message did not go out. */
  async send(message: MailMessage): Promise<void> {
    await this.transport.deliver(message);
  }

  /** Returns whether the message went out, for callers that only record it. */
  async trySend(message: MailMessage): Promise<boolean> {
    try {
      await this.send(message);
      return true;
    } catch (err) {
      if (!(err instanceof MailNotSent)) throw err;
      this.log.warn({ subject: message.subject, reason: err.message }, 'email not sent');
      return false;
    }
  }

  sendSoon(message: MailMessage, attempt = 0): void {
    if (this.closed) return;
    const sending = this.send(message).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || this.closed) return this.log.warn({ subject: message.subject, reason, attempts: attempt + 1 }, 'email not sent; giving up');
      this.log.warn({ subject: message.subject, reason }, 'email not sent; retrying');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.sendSoon(message, attempt + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    });
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Resolves once every background send started so far has finished its current try. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.transport.close();
  }
}
