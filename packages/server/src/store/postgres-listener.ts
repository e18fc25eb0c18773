import type pg from 'pg';

/** Waits between attempts to reopen a lost LISTEN connection. */
const RECONNECT_MS = 500;

/**
 * One dedicated connection LISTENing on `channel` (PostgreSQL NOTIFY is delivered at commit). Calls
 * `onWake` for every notification, and after every (re)connect too, since notifications sent while it was
 * away are gone. A lost connection is reopened in the background; the caller's own poll covers the gap.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly Client: typeof pg.Client,
    private readonly config: pg.ClientConfig,
    private readonly channelOf: (schema: string) => string,
    private readonly onWake: () => void,
  ) {}

  start(): void {
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const client = new this.Client(this.config);
    this.client = client;
    let lost = false;
    const reopen = () => {
      if (lost) return;
      lost = true;
      client.end().catch(() => {});
      if (!this.stopped) this.retry = setTimeout(() => void this.open(), RECONNECT_MS);
    };
    client.on('error', reopen);
    client.on('end', reopen);
    client.on('notification', () => this.onWake());
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      await client.query(`listen "${this.channelOf(rows[0]!.schema)}"`);
      this.onWake();
    } catch {
      reopen();
    }
  }

  /** Closes the connection, waiting at most a second for a polite goodbye. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const ended = client.end().catch(() => {});
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
    clearTimeout(timer);
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}
