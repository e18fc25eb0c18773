import type { Result } from 'ioredis';
import { TurnBatch } from '../../turn-batch.js';
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
 * go to Redis as one script call ({@link TurnBatch}), so a busy node pays one command, one write and one
 * reply for many requests instead of a MULTI of two commands each.
 */
export class RedisCounterBatch {
  private readonly batch: TurnBatch<string, number | undefined>;

  constructor(
    private readonly link: RedisLink,
    /** A counter's key expires this long after its first increment. */
    private readonly expiryMs: number,
  ) {
    link.client.defineCommand('gatehouseIncrementCounters', { lua: INCREMENT_COUNTERS });
    this.batch = new TurnBatch((keys) => this.send(keys));
  }

  /** The count of `key` after this increment, or undefined when Redis cannot answer (see {@link RedisLink}). */
  increment(key: string): Promise<number | undefined> {
    return this.batch.add(key);
  }

  private async send(keys: string[]): Promise<Array<number | undefined>> {
    const counts = await this.link.run(async (redis) => {
      const answer = await redis.gatehouseIncrementCounters(keys.length, ...keys, this.expiryMs);
      if (!Array.isArray(answer) || answer.length !== keys.length) throw new Error('unexpected reply to the counter script');
      return answer;
    });
    return keys.map((_, i) => (counts === undefined ? undefined : Number(counts[i])));
  }
}
