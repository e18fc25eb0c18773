import type { Redis } from 'ioredis';
import type { PlatformEvents, RevokedNotice } from './events.js';

/**
 * docs/design.md, "Grants, tokens and revocation": other nodes drop revoked tokens from their caches within the pub/sub latency. Local
 * `revoked` notices are published on a Redis channel; notices from other nodes are re-emitted locally
 * (and not published again). If Redis is unreachable the token cache TTL is the bound.
 */
export class RevocationBridge {
  private readonly fromPeers = new WeakSet<RevokedNotice>();
  private readonly channel: string;
  private readonly onLocal = (notice: RevokedNotice) => {
    if (this.fromPeers.has(notice)) return;
    this.publisher.publish(this.channel, JSON.stringify({ node: this.nodeId, notice })).catch(this.onError);
  };

  private constructor(
    private readonly events: PlatformEvents,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly nodeId: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.channel = `${prefix}revoked`;
  }

  static async start(events: PlatformEvents, publisher: Redis, prefix: string, nodeId: string, onError: (err: unknown) => void): Promise<RevocationBridge> {
    // The subscriber queues its SUBSCRIBE until connected and resubscribes after reconnects.
    const subscriber = publisher.duplicate({ enableOfflineQueue: true, lazyConnect: false, maxRetriesPerRequest: null });
    subscriber.on('error', onError);
    const bridge = new RevocationBridge(events, publisher, subscriber, prefix, nodeId, onError);
    subscriber.on('message', (_channel: string, message: string) => bridge.receive(message));
    const subscribed = subscriber.subscribe(bridge.channel).catch(onError);
    await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    events.on('revoked', bridge.onLocal);
    return bridge;
  }

  private receive(message: string): void {
    try {
      const { node, notice } = JSON.parse(message) as { node: string; notice: RevokedNotice };
      if (node === this.nodeId || typeof notice !== 'object' || notice === null) return;
      const clean: RevokedNotice = {
        tokenIds: strings(notice.tokenIds),
        authorizationIds: strings(notice.authorizationIds),
        appIds: strings(notice.appIds),
      };
      this.fromPeers.add(clean);
      this.events.emit('revoked', clean);
    } catch (err) {
      this.onError(err);
    }
  }

  async close(): Promise<void> {
    this.events.off('revoked', this.onLocal);
    this.subscriber.disconnect();
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
