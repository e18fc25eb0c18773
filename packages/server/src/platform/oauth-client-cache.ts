import { hash, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedClient } from '../oauth/grants/types.js';
import type { PlatformContext } from './context.js';
import type { RevokedNotice } from './events.js';

interface Entry {
  client: AuthenticatedClient;
  /** SHA-256 of the secret that authenticated; the secret itself is never kept. */
  secretDigest: Buffer;
  storedAt: number;
}

/** SHA-256 of a presented client secret, as raw bytes for a constant-time comparison. */
export const secretDigestBytes = (secret: string): Buffer => hash('sha256', secret, 'buffer') as unknown as Buffer;

/**
 * Successful client authentications (RFC 6749 §2.3.1), so a client calling the token and introspection
 * endpoints again and again costs no database read. Only a secret that matched the stored digest is
 * remembered, and only its digest. A notice naming the app (a rotated secret, a changed client type, a
 * deleted app: platform/apps.ts) drops the entry at once, so an old secret stops working at once on this
 * node; other nodes hear it through the revocation bridge, and the TTL bounds everything else (a secret
 * rotated by the CLI in another process without Redis).
 */
export class ClientAuthCache {
  private readonly entries = new Map<string, Entry>();
  private readonly onRevoked = (notice: RevokedNotice) => this.drop(notice.appIds ?? []);
  /**
   * Bumped by every drop. A database read that started before a drop may have seen the old secret, so
   * its answer is remembered only when no drop happened in between.
   */
  generation = 0;

  constructor(private readonly ctx: PlatformContext, private readonly ttlMs = 5_000, private readonly maxEntries = 1_000) {
    ctx.events.on('revoked', this.onRevoked);
  }

  /** The client when `clientId` last authenticated with this very secret within the TTL. */
  lookup(clientId: string, secretDigest: Buffer): AuthenticatedClient | undefined {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    if (this.ctx.now().getTime() - entry.storedAt > this.ttlMs) {
      this.entries.delete(clientId);
      return undefined;
    }
    return timingSafeEqual(entry.secretDigest, secretDigest) ? entry.client : undefined;
  }

  remember(client: AuthenticatedClient, secretDigest: Buffer, readAtGeneration: number): void {
    if (readAtGeneration !== this.generation) return;
    this.entries.delete(client.clientId);
    this.entries.set(client.clientId, { client, secretDigest, storedAt: this.ctx.now().getTime() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  drop(appIds: readonly string[]): void {
    if (appIds.length === 0) return;
    this.generation++;
    for (const [clientId, entry] of this.entries) if (appIds.includes(entry.client.appId)) this.entries.delete(clientId);
  }

  close(): void {
    this.ctx.events.off('revoked', this.onRevoked);
    this.entries.clear();
  }
}

const caches = new WeakMap<PlatformContext, ClientAuthCache>();

/** The context's cache, made on first use (it lives as long as the context and its event emitter). */
export function clientAuthCacheOf(ctx: PlatformContext): ClientAuthCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new ClientAuthCache(ctx)));
  return cache;
}
