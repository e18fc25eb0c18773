import { timingSafeEqual } from 'node:crypto';
import type { PresentedClient } from '../../oauth/client-credentials.js';
import { InvalidClient } from '../../oauth/errors.js';
import type { AuthenticatedClient } from '../../oauth/grants/types.js';
import type { PlatformContext } from '../context.js';
import { precompiled } from '../../store/precompiled-query.js';
import { rememberClient, rememberedClient, secretDigestBytes } from './oauth-client-cache.js';

interface ClientRow {
  id: string;
  client_id: string;
  client_type: 'confidential' | 'public';
  client_secret_digest: string;
  previous_secret_digest: string | null;
  previous_secret_expires_at: string | null;
}

const appByClientId = precompiled<'clientId', ClientRow>((db, p) =>
  db
    .selectFrom('apps')
    .select(['id', 'client_id', 'client_type', 'client_secret_digest', 'previous_secret_digest', 'previous_secret_expires_at'])
    .where('client_id', '=', p('clientId')),
);

export interface ClientAuthOptions {
  /** Token endpoint: a public client may present only its client_id (RFC 6749 §3.2.1). */
  allowPublicWithoutSecret: boolean;
}

/** Compared against when the client_id is unknown, so that case costs the same as a wrong secret. */
const NO_SECRET = Buffer.alloc(32);

const sameDigest = (stored: string | null | undefined, presented: Buffer): boolean => {
  const bytes = stored ? Buffer.from(stored, 'base64url') : NO_SECRET;
  return bytes.length === presented.length && timingSafeEqual(bytes, presented) && Boolean(stored);
};

/**
 * RFC 6749 §2.3.1 / §3.2.1: the app a token-endpoint request comes from. The secret is compared by
 * digest in constant time; an unknown client_id costs the same comparison as a wrong secret. During a
 * rotation's overlap the previous secret works too, until its time (docs/dashboard.md, "Rotating the client
 * secret"): both digests are always compared. A secret that matched recently is answered from the client
 * cache (platform/apps/oauth-client-cache.ts), at once: the answer is a promise only when the database is asked.
 */
export function authenticateOAuthClient(
  ctx: PlatformContext,
  presented: PresentedClient,
  options: ClientAuthOptions,
): AuthenticatedClient | Promise<AuthenticatedClient> {
  const presentedDigest = presented.clientSecret === undefined ? undefined : secretDigestBytes(presented.clientSecret);
  // Answered at once from memory, so an endpoint whose other work is in memory too returns no promise.
  const cached = presentedDigest && rememberedClient(ctx, presented.clientId, presentedDigest);
  return cached || authenticateFromStore(ctx, presented, presentedDigest, options);
}

async function authenticateFromStore(
  ctx: PlatformContext,
  presented: PresentedClient,
  presentedDigest: Buffer | undefined,
  options: ClientAuthOptions,
): Promise<AuthenticatedClient> {
  const generation = ctx.caches.clients.generation;
  const row = presented.clientId.length <= 255 ? (await appByClientId(ctx.db, ctx.dialect, { clientId: presented.clientId })).rows[0] : undefined;
  const fail = () => new InvalidClient('Client authentication failed: unknown client or wrong client secret.', presented.viaBasic);
  if (presentedDigest === undefined) {
    if (row && row.client_type === 'public' && options.allowPublicWithoutSecret) {
      return { appId: row.id, clientId: row.client_id, clientType: 'public', authenticatedWithSecret: false };
    }
    if (row?.client_type === 'confidential' || !options.allowPublicWithoutSecret) {
      throw new InvalidClient('Client authentication failed: client_secret is required.', presented.viaBasic);
    }
    throw fail();
  }
  const current = sameDigest(row?.client_secret_digest, presentedDigest);
  const previousUntilMs = row?.previous_secret_expires_at ? Date.parse(row.previous_secret_expires_at) : null;
  const previous = sameDigest(row?.previous_secret_digest, presentedDigest) && previousUntilMs !== null && ctx.now().getTime() < previousUntilMs;
  if (!row || !(current || previous)) throw fail();
  const client: AuthenticatedClient = { appId: row.id, clientId: row.client_id, clientType: row.client_type, authenticatedWithSecret: true };
  if (current) rememberClient(ctx, Object.freeze(client), presentedDigest, generation);
  else rememberClient(ctx, Object.freeze(client), presentedDigest, generation, 'previous', previousUntilMs);
  return client;
}
