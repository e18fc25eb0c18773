import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/config.js';
import type { PlatformContext } from '../context.js';
import { InvalidationTail, type InvalidationTailOptions } from '../caches/invalidation-tail.js';
import { LastUsedRecorder, type LastUsedOptions } from '../tokens/last-used.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../caches/rate-limit.js';
import { RedisRateLimitStore } from '../caches/rate-limit-redis.js';
import type { RedisLink } from '../caches/redis-link.js';
import { UsageRecorder, type UsageRecorderOptions } from '../usage/usage-recorder.js';
import { RevocationBridge } from '../caches/revocation-bridge.js';
import { WebhookDeliveryWorker, type WebhookDeliveryOptions } from '../webhooks/webhook-delivery-worker.js';
import type { LogTarget } from '../../runtime-log.js';
import type { DatabaseHandle } from '../../store/database.js';

export interface DataApiOptions {
  lastUsed?: LastUsedOptions;
  /** Usage counters; the flush interval defaults to USAGE_FLUSH_SECONDS. */
  usage?: UsageRecorderOptions;
  webhooks?: WebhookDeliveryOptions;
  invalidations?: InvalidationTailOptions;
  /** Whether this process reads the invalidation feed (a one-shot CLI command holds no caches and does not). */
  tailInvalidations?: boolean;
  /** Prefix of every Redis key and channel (tests use a unique one per run). */
  redisPrefix?: string;
  /** Failures of background work (webhook sends) are reported here as well as logged. */
  onError?: (err: unknown) => void;
}

/** The per-node state the Data API keeps beside the database: caches, counters, the delivery worker. */
export interface DataApiServices {
  lastUsed: LastUsedRecorder;
  /** Requests per token, app and workspace, counted in memory and added to hourly rows in batches. */
  usage: UsageRecorder;
  rateLimits: RateLimitStore;
  webhookWorker: WebhookDeliveryWorker;
  /** Reads the invalidation feed so this node drops what other nodes and CLI processes change. */
  invalidations: InvalidationTail;
  /** Present when REDIS_URL is set. */
  redis: Redis | undefined;
  close(): Promise<void>;
}

export async function createDataApiServices(
  config: Config,
  ctx: PlatformContext,
  database: DatabaseHandle,
  log: LogTarget,
  options: DataApiOptions = {},
): Promise<DataApiServices> {
  const onError = (err: unknown) => {
    log.warn({ err }, 'background work failed');
    options.onError?.(err);
  };
  const lastUsed = new LastUsedRecorder(ctx, { trackedTokens: config.cacheSizes.tokens, ...options.lastUsed });
  const usage = new UsageRecorder(ctx, {
    flushEveryMs: config.usageFlushSeconds * 1000,
    maxUnwritten: config.cacheSizes.usageUnwritten,
    onError,
    ...options.usage,
  });
  const webhookWorker = new WebhookDeliveryWorker(ctx, options.webhooks, onError);
  const invalidations = new InvalidationTail(ctx, log, options.invalidations);
  const tail = options.tailInvalidations !== false;
  const wake = () => void invalidations.wake();
  let link: RedisLink | undefined;
  let bridge: RevocationBridge | undefined;
  let listener: { stop(): Promise<void> } | undefined;
  const memoryRateLimits = new MemoryRateLimitStore(config.cacheSizes.rateLimitEntries);
  let rateLimits: RateLimitStore = memoryRateLimits;
  if (tail) {
    await invalidations.start();
    listener = database.listenForInvalidations?.(wake);
  }
  if (config.redisUrl) {
    const prefix = options.redisPrefix ?? 'gatehouse:';
    // Loaded only when used: ioredis stays out of a node that has no Redis.
    const { RedisLink } = await import('../caches/redis-link.js');
    link = new RedisLink(config.redisUrl, config.timeouts.redisCommandMs, log);
    await link.connect();
    rateLimits = new RedisRateLimitStore(link, prefix, memoryRateLimits);
    if (tail) bridge = await RevocationBridge.start(ctx.events, link, prefix, randomBytes(8).toString('hex'), wake);
  }
  return {
    lastUsed,
    usage,
    rateLimits,
    webhookWorker,
    invalidations,
    redis: link?.client,
    close: async () => {
      await webhookWorker.stop();
      await lastUsed.close();
      await usage.close();
      await bridge?.close();
      await listener?.stop();
      await invalidations.stop();
      await rateLimits.close();
      link?.close();
    },
  };
}
