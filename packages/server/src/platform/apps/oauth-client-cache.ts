import { hash, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedClient } from '../../oauth/grants/types.js';
import type { PlatformContext } from '../context.js';

/** SHA-256 of a presented client secret, as raw bytes for a constant-time comparison. */
export const secretDigestBytes = (secret: string): Buffer => hash('sha256', secret, 'buffer') as unknown as Buffer;

/**
 * Successful client authentications (RFC 6749 §2.3.1), so a client calling the token and introspection
 * endpoints again and again costs no database read. Only a secret that matched the stored digest is
 * remembered, and only its digest. A notice naming the app (a rotated secret, a changed client type, a
 * deleted app: platform/apps/apps.ts) drops the entry at once, so an old secret stops working at once on this
 * node; other nodes hear it through the invalidation feed, and the TTL bounds everything else.
 *
 * The client when `clientId` last authenticated with this very secret within the TTL.
 */
export function rememberedClient(ctx: PlatformContext, clientId: string, secretDigest: Buffer): AuthenticatedClient | undefined {
  const entry = ctx.caches.clients.get(clientId);
  return entry && timingSafeEqual(entry.secretDigest, secretDigest) ? entry.client : undefined;
}

/** Remembers a successful authentication unless a notice came in since `readAtGeneration`. */
export function rememberClient(ctx: PlatformContext, client: AuthenticatedClient, secretDigest: Buffer, readAtGeneration: number): void {
  ctx.caches.clients.set(client.clientId, { client, secretDigest }, [`app:${client.appId}`], readAtGeneration);
}
