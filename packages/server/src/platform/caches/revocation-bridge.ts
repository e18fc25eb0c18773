import type { Redis } from 'ioredis';
import type { PlatformEvents } from './events.js';
import type { RedisLink } from './redis-link.js';

/**
 * Redis only shortens the wake-up of other nodes' feed readers (docs/deployment.md, "Revocation across
 * nodes"): when this node appends to the invalidation feed it publishes a wake-up, and a wake-up from
 * another node makes this node read the feed at once. The message carries nothing to trust: what to drop
 * always comes from the database, so a lost or late message costs only time, bounded by the feed poll.
 */
export class RevocationBridge {
  private readonly channel: string;
  private readonly onAppended = () => {
    void this.link.run((redis) => redis.publish(this.channel, this.nodeId));
  };

  private constructor(
    private readonly events: PlatformEvents,
    private readonly link: RedisLink,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly nodeId: string,
  ) {
    this.channel = `${prefix}invalidations`;
  }

  static async start(events: PlatformEvents, link: RedisLink, prefix: string, nodeId: string, wake: () => void): Promise<RevocationBridge> {
    // The subscriber queues its SUBSCRIBE until connected and resubscribes after every reconnect; each
    // (re)subscription also wakes the reader, since messages published meanwhile are gone.
    const subscriber = link.client.duplicate({ enableOfflineQueue: true, lazyConnect: false, maxRetriesPerRequest: null, commandTimeout: undefined });
    subscriber.on('error', (err) => link.failed(err));
    subscriber.on('ready', wake);
    const bridge = new RevocationBridge(events, link, subscriber, prefix, nodeId);
    subscriber.on('message', (_channel: string, from: string) => {
      if (from !== nodeId) wake();
    });
    const subscribed = subscriber.subscribe(bridge.channel).catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    events.on('invalidations.appended', bridge.onAppended);
    return bridge;
  }

  async close(): Promise<void> {
    this.events.off('invalidations.appended', this.onAppended);
    this.subscriber.disconnect();
  }
}
