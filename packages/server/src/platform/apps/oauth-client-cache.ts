import { hash, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedClient } from '../../oauth/grants/types.js';
import type { PlatformContext } from '../context.js';

/**
 * SHA-256 of a presented client secret, as raw bytes for a constant-time comparison. Hashed to hex and
 * decoded: on Node 20, `hash()` asked for a Buffer costs more than that (about 0.8 against 0.55 µs).
 */
export const secretDigestBytes = (secret: string): Buffer => Buffer.from(hash('sha256', secret, 'hex'), 'hex');

/** Which of an app's secrets matched: the current one, or the previous one during a rotation's overlap. */
export type SecretSlot = 'current' | 'previous';

const keyOf = (clientId: string, slot: SecretSlot) => `${slot}:${clientId}`;

/**
 * Successful client authentications (RFC 6749 §2.3.1), so a client calling the token and introspection
 * endpoints again and again costs no database read. Only a secret that matched a stored digest is
 * remembered, and only its digest, one entry per secret slot (so an app whose workers hold both secrets
 * during an overlap does not churn). A notice naming the app (a rotation, an early end of the overlap, a
 * changed client type, a deleted app: platform/apps/) drops both entries at once on this node; other nodes
 * hear it through the invalidation feed, and the TTL bounds everything else. A previous secret's entry
 * carries the end of its overlap and is refused from that instant, whatever the TTL.
 *
 * The client when `clientId` last authenticated with this very secret within the TTL, and it still works.
 */
export function rememberedClient(ctx: PlatformContext, clientId: string, secretDigest: Buffer): AuthenticatedClient | undefined {
  const nowMs = ctx.now().getTime();
  let found: AuthenticatedClient | undefined;
  for (const slot of ['current', 'previous'] as const) {
    const entry = ctx.caches.clients.get(keyOf(clientId, slot));
    // Both slots are compared, so the time taken does not say which secret was presented.
    const matches = entry !== undefined && timingSafeEqual(entry.secretDigest, secretDigest);
    if (matches && (entry.validUntilMs === null || nowMs < entry.validUntilMs)) found = entry.client;
  }
  return found;
}

/** Remembers a successful authentication unless a notice came in since `readAtGeneration`. */
export function rememberClient(
  ctx: PlatformContext,
  client: AuthenticatedClient,
  secretDigest: Buffer,
  readAtGeneration: number,
  slot: SecretSlot = 'current',
  validUntilMs: number | null = null,
): void {
  ctx.caches.clients.set(keyOf(client.clientId, slot), { client, secretDigest, validUntilMs }, [`app:${client.appId}`], readAtGeneration);
}
