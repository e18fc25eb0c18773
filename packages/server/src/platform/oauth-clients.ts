import { digest, safeEqual } from '../crypto/tokens.js';
import type { PresentedClient } from '../oauth/client-credentials.js';
import { InvalidClient } from '../oauth/errors.js';
import type { AuthenticatedClient } from '../oauth/grants/types.js';
import type { PlatformContext } from './context.js';
import { precompiled } from './oauth-precompiled.js';

const appByClientId = precompiled<'clientId', { id: string; client_id: string; client_type: 'confidential' | 'public'; client_secret_digest: string }>((db, p) =>
  db.selectFrom('apps').select(['id', 'client_id', 'client_type', 'client_secret_digest']).where('client_id', '=', p('clientId')));

export interface ClientAuthOptions {
  /** Token endpoint: a public client may present only its client_id (RFC 6749 §3.2.1). */
  allowPublicWithoutSecret: boolean;
}

/**
 * RFC 6749 §2.3.1 / §3.2.1: the app a token-endpoint request comes from. The secret is compared by
 * digest in constant time; an unknown client_id costs the same comparison as a wrong secret.
 */
export async function authenticateOAuthClient(ctx: PlatformContext, presented: PresentedClient, options: ClientAuthOptions): Promise<AuthenticatedClient> {
  const row = presented.clientId.length <= 200
    ? (await appByClientId(ctx.db, ctx.dialect, { clientId: presented.clientId })).rows[0]
    : undefined;
  const fail = () => new InvalidClient('Client authentication failed: unknown client or wrong client secret.', presented.viaBasic);
  if (presented.clientSecret === undefined) {
    if (row && row.client_type === 'public' && options.allowPublicWithoutSecret) {
      return { appId: row.id, clientId: row.client_id, clientType: 'public', authenticatedWithSecret: false };
    }
    if (row?.client_type === 'confidential' || !options.allowPublicWithoutSecret) {
      throw new InvalidClient('Client authentication failed: client_secret is required.', presented.viaBasic);
    }
    throw fail();
  }
  const ok = safeEqual(digest(presented.clientSecret), row?.client_secret_digest ?? '');
  if (!ok || !row) throw fail();
  return { appId: row.id, clientId: row.client_id, clientType: row.client_type, authenticatedWithSecret: true };
}
