import type { Redis } from 'ioredis';
import { MemoryRateLimitStore, RATE_WINDOW_MS, decide, type RateDecision, type RateLimitStore } from './rate-limit.js';

/**
 * Counters shared by every node through Redis: INCR and PEXPIRE sent in one round trip (MULTI), keyed
 * by the window so a key never outlives it. When Redis cannot answer, the node falls back to its own
 * counters rather than refusing or waving through every request.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback = new MemoryRateLimitStore();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  async hit(key: string, limit: number, nowMs: number): Promise<RateDecision> {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const redisKey = `${this.prefix}rl:${window}:${key}`;
    try {
      const results = await this.redis.multi().incr(redisKey).pexpire(redisKey, RATE_WINDOW_MS * 2).exec();
      const [err, count] = results?.[0] ?? [new Error('empty MULTI reply'), 0];
      if (err) throw err;
      return decide(Number(count), limit, (window + 1) * RATE_WINDOW_MS, nowMs);
    } catch (err) {
      this.onError(err);
      return this.fallback.hitSync(key, limit, nowMs);
    }
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }
}
