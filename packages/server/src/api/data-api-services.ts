import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { PlatformContext } from '../platform/context.js';
import { LastUsedRecorder, type LastUsedOptions } from '../platform/last-used.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../platform/rate-limit.js';
import { RedisRateLimitStore } from '../platform/rate-limit-redis.js';
import { RevocationBridge } from '../platform/revocation-bridge.js';
import { TokenCache, type TokenCacheOptions } from '../platform/token-cache.js';
import { WebhookDeliveryWorker, type WebhookDeliveryOptions } from '../platform/webhook-delivery-worker.js';

export interface DataApiOptions {
  tokenCache?: TokenCacheOptions;
  lastUsed?: LastUsedOptions;
  webhooks?: WebhookDeliveryOptions;
  /** Prefix of every Redis key and channel (tests use a unique one per run). */
  redisPrefix?: string;
  /** Failures of background work (Redis, webhook sends) are reported here; the default is silence. */
  onError?: (err: unknown) => void;
}

/** The per-node state the Data API keeps beside the database: caches, counters, the delivery worker. */
export interface DataApiServices {
  tokenCache: TokenCache;
  lastUsed: LastUsedRecorder;
  rateLimits: RateLimitStore;
  webhookWorker: WebhookDeliveryWorker;
  /** Present when REDIS_URL is set. */
  redis: Redis | undefined;
  close(): Promise<void>;
}

export async function createDataApiServices(config: Config, ctx: PlatformContext, options: DataApiOptions = {}): Promise<DataApiServices> {
  const onError = options.onError ?? (() => {});
  const tokenCache = new TokenCache(ctx.events, options.tokenCache);
  const lastUsed = new LastUsedRecorder(ctx, options.lastUsed);
  const webhookWorker = new WebhookDeliveryWorker(ctx, options.webhooks, onError);
  let redis: Redis | undefined;
  let bridge: RevocationBridge | undefined;
  let rateLimits: RateLimitStore = new MemoryRateLimitStore();
  if (config.redisUrl) {
    const prefix = options.redisPrefix ?? 'gatehouse:';
    // No offline queue: when Redis is down a command fails at once and the node falls back to local state.
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', onError);
    await redis.connect().catch(onError);
    rateLimits = new RedisRateLimitStore(redis, prefix, onError);
    bridge = await RevocationBridge.start(ctx.events, redis, prefix, randomBytes(8).toString('hex'), onError);
  }
  return {
    tokenCache,
    lastUsed,
    rateLimits,
    webhookWorker,
    redis,
    close: async () => {
      await webhookWorker.stop();
      await lastUsed.close();
      await bridge?.close();
      await rateLimits.close();
      redis?.disconnect();
      tokenCache.close();
    },
  };
}
