import { Redis } from 'ioredis';
import { DependencyHealth, type LogTarget } from '../../runtime-log.js';

/** How often a node that marked Redis down checks whether it answers again. */
export const REDIS_PROBE_EVERY_MS = 1_000;
/** The longest start-up waits for Redis before serving with local state. */
const CONNECT_WAIT_MS = 2_000;

/**
 * Redis as an optimisation, never a point of failure (docs/deployment.md, "Failures and timeouts"). Every
 * command has a timeout; the first failure or timeout marks Redis down (logged once), and from then on
 * callers skip it and use their local state at no cost, while a background PING every second looks for it
 * again. The first answer marks it up (logged once). So a frozen, slow or absent Redis costs a request at
 * most one command timeout, once.
 */
export class RedisLink {
  readonly client: Redis;
  private readonly health: DependencyHealth;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(url: string, commandTimeoutMs: number, log: LogTarget) {
    this.health = new DependencyHealth('redis', log);
    // No offline queue: while disconnected a command fails at once instead of waiting for a reconnect.
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      commandTimeout: commandTimeoutMs,
      connectTimeout: Math.max(commandTimeoutMs, 1_000),
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    });
    this.client.on('error', (err) => this.failed(err));
    this.client.on('close', () => this.failed(new Error('redis connection closed')));
  }

  /** Connects, waiting at most a couple of seconds: a node starts without Redis rather than not at all. */
  async connect(): Promise<void> {
    const connected = this.client.connect().then(
      () => this.health.succeeded(),
      (err: unknown) => this.failed(err),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)))]);
    clearTimeout(timer);
    if (this.client.status !== 'ready') this.failed(new Error(`redis not ready (${this.client.status})`));
  }

  /** Whether a command is worth sending now. */
  get usable(): boolean {
    return this.health.up && this.client.status === 'ready';
  }

  /** Runs `command` when Redis is usable; undefined when it is not or the command fails (Redis is then down). */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (!this.usable) return undefined;
    try {
      return await command(this.client);
    } catch (err) {
      this.failed(err);
      return undefined;
    }
  }

  failed(err: unknown): void {
    if (this.closed) return;
    this.health.failed(err);
    this.probe ??= setInterval(() => void this.check(), REDIS_PROBE_EVERY_MS).unref();
  }

  private async check(): Promise<void> {
    if (this.client.status !== 'ready') return;
    try {
      await this.client.ping();
      clearInterval(this.probe);
      this.probe = undefined;
      this.health.succeeded();
    } catch {
      // still down; the next tick tries again
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.probe);
    this.client.disconnect();
  }
}
