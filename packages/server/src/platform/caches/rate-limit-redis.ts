import { MemoryRateLimitStore, RATE_WINDOW_MS, decide, type RateDecision, type RateLimitStore } from './rate-limit.js';
import type { RedisLink } from './redis-link.js';

/**
 * Counters shared by every node through Redis: INCR and PEXPIRE sent in one round trip (MULTI), keyed
 * by the window so a key never outlives it. While Redis cannot answer (see {@link RedisLink}), the node
 * counts on its own rather than refusing or waving through every request.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
    /** Counts while Redis cannot answer: the node's own store, bounded by RATE_LIMIT_MEMORY_ENTRIES. */
    private readonly fallback: MemoryRateLimitStore,
  ) {}

  async hit(key: string, limit: number, nowMs: number): Promise<RateDecision> {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const redisKey = `${this.prefix}rl:${window}:${key}`;
    const count = await this.link.run(async (redis) => {
      const results = await redis
        .multi()
        .incr(redisKey)
        .pexpire(redisKey, RATE_WINDOW_MS * 2)
        .exec();
      const [err, value] = results?.[0] ?? [new Error('empty MULTI reply'), 0];
      if (err) throw err;
      return Number(value);
    });
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
