import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Whether the Redis suites can run. With GATEHOUSE_REQUIRE_SERVICES set (CI), an unreachable Redis fails
 * the run instead of skipping the suites.
 */
export async function requireRedis(): Promise<boolean> {
  const reachable = await redisReachable();
  if (!reachable && process.env.GATEHOUSE_REQUIRE_SERVICES) {
    throw new Error(`Redis is required (GATEHOUSE_REQUIRE_SERVICES is set) but ${REDIS_URL} does not answer`);
  }
  return reachable;
}
