import type { Result } from 'ioredis';
import type { RedisLink } from './redis-link.js';

/**
 * INCR each key, giving a key its expiry when the INCR made it; answers the new counts in key order. A
 * script runs atomically, so every count is exact whichever nodes share the keys.
 */
const INCREMENT_COUNTERS = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** Defined by {@link RedisCounterBatch} (EVALSHA, sent again as EVAL when Redis lacks the script). */
    gatehouseIncrementCounters(keyCount: number, ...keysThenExpiryMs: Array<string | number>): Result<number[], Context>;
  }
}

/**
 * Counters on Redis incremented in batches: the increments asked for during one turn of the event loop
 * go to Redis as one script call, so a busy node pays one command, one write and one reply for many
 * requests instead of a MULTI of two commands each. An increment waits at most for the end of the turn.
 */
export class RedisCounterBatch {
  private queued: Array<{ key: string; settle: (count: number | undefined) => void }> = [];

  constructor(
    private readonly link: RedisLink,
    /** A counter's key expires this long after its first increment. */
    private readonly expiryMs: number,
  ) {
    link.client.defineCommand('gatehouseIncrementCounters', { lua: INCREMENT_COUNTERS });
  }

  /** The count of `key` after this increment, or undefined when Redis cannot answer (see {@link RedisLink}). */
  increment(key: string): Promise<number | undefined> {
    return new Promise((settle) => {
      this.queued.push({ key, settle });
      if (this.queued.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    const counts = await this.link.run(async (redis) => {
      const answer = await redis.gatehouseIncrementCounters(batch.length, ...batch.map((b) => b.key), this.expiryMs);
      if (!Array.isArray(answer) || answer.length !== batch.length) throw new Error('unexpected reply to the counter script');
      return answer;
    });
    for (let i = 0; i < batch.length; i++) batch[i]!.settle(counts === undefined ? undefined : Number(counts[i]));
  }
}
