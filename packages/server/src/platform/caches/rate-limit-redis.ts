import { MemoryRateLimitStore, RATE_WINDOW_MS, decide, type RateDecision, type RateLimitStore } from './rate-limit.js';
import { RedisCounterBatch } from './redis-counter-batch.js';
import type { RedisLink } from './redis-link.js';

/**
 * Counters shared by every node through Redis: each hit an atomic INCR (batched with the other hits of
 * the moment, see {@link RedisCounterBatch}), keyed by the window and expiring after it. While Redis
 * cannot answer (see {@link RedisLink}), the node counts on its own rather than refusing or waving
 * through every request.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly counters: RedisCounterBatch;

  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
    /** Counts while Redis cannot answer: the node's own store, bounded by RATE_LIMIT_MEMORY_ENTRIES. */
    private readonly fallback: MemoryRateLimitStore,
  ) {
    this.counters = new RedisCounterBatch(link, RATE_WINDOW_MS * 2);
  }

  async hit(key: string, limit: number, nowMs: number): Promise<RateDecision> {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const count = await this.counters.increment(`${this.prefix}rl:${window}:${key}`);
    if (count === undefined) return this.fallback.hitSync(key, limit, nowMs);
    return decide(count, limit, (window + 1) * RATE_WINDOW_MS, nowMs);
  }

  async peek(keys: readonly string[], nowMs: number): Promise<number[]> {
    if (keys.length === 0) return [];
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const values = await this.link.run((redis) => redis.mget(...keys.map((key) => `${this.prefix}rl:${window}:${key}`)));
    if (values === undefined) return this.fallback.peekSync(keys, nowMs);
    return values.map((v) => Number(v ?? 0));
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }
}
