import { digest } from '../../crypto/tokens.js';
import type { PlatformContext } from '../context.js';
import { endAuthorizationOfToken, endIfNoCredentialLeft, nothingEnded } from '../workspaces/ending-grants.js';
import { revokeClientToken, revokeTokensWhere } from './oauth-tokens.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { precompiled } from '../../store/precompiled-query.js';

// The revocation endpoints' lookups, compiled once (store/precompiled-query.ts).
const oauthTokenByDigest = precompiled<'digest', { app_id: string | null; authorization_id: string | null }>((db, p) =>
  db.selectFrom('access_tokens').select(['app_id', 'authorization_id']).where('digest', '=', p('digest')).where('kind', '=', 'oauth'),
);
const refreshTokenByDigest = precompiled<'digest', { family_id: string; app_id: string; authorization_id: string }>((db, p) =>
  db.selectFrom('refresh_tokens').select(['family_id', 'app_id', 'authorization_id']).where('digest', '=', p('digest')),
);
const revokeFamily = precompiled<'now' | 'familyId', never>((db, p) =>
  db
    .updateTable('refresh_tokens')
    .set({ revoked_at: p('now') })
    .where('family_id', '=', p('familyId'))
    .where('revoked_at', 'is', null),
);

/**
 * docs/webflow-wire.md, "Revoking an authorization" `revoke_authorization`: the client's OAuth access token names the authorization to end;
 * the whole authorization is revoked (the app is uninstalled), so every token it issued stops working.
 * Answers false for an unknown token, one already revoked, or another client's token.
 */
export async function revokeAuthorizationByToken(ctx: PlatformContext, appId: string, accessToken: string): Promise<boolean> {
  if (accessToken.length > 200) return false;
  return transactWithNotices(ctx, async (trx, notices) => {
    const ended = await endAuthorizationOfToken(ctx, trx, digest(accessToken), appId, 'revoked_by_client');
    notices.revoked({ authorizationIds: ended.authorizationIds, tokenIds: ended.tokenIds });
    return ended.authorizationIds.length > 0;
  });
}

/**
 * RFC 7009 §2.1: revokes an access token, or a refresh token together with its whole family and their
 * access tokens. Tokens that are unknown or belong to another client are left alone, silently (§2.2).
 * `token_type_hint` only orders the lookups.
 */
export async function revokeTokenRfc7009(ctx: PlatformContext, appId: string, token: string, hint: string | undefined): Promise<void> {
  if (token.length > 200) return;
  const lookups = hint === 'refresh_token' ? [revokeRefresh, revokeAccess] : [revokeAccess, revokeRefresh];
  for (const lookup of lookups) if (await lookup(ctx, appId, digest(token))) return;
}

async function revokeAccess(ctx: PlatformContext, appId: string, tokenDigest: string): Promise<boolean> {
  return transactWithNotices(ctx, async (trx, notices) => {
    const revoked = await revokeClientToken(ctx, trx, tokenDigest, appId, 'revoked_by_client');
    let authorizationId = revoked?.authorizationId;
    if (!revoked) {
      const row = (await oauthTokenByDigest(trx, ctx.dialect, { digest: tokenDigest })).rows[0];
      if (!row) return false;
      if (row.app_id !== appId) return true;
      // Already revoked: its authorization may still be left with no credential (its others expired).
      authorizationId = row.authorization_id;
    }
    const grant = authorizationId ? await endIfNoCredentialLeft(ctx, trx, authorizationId, 'revoked_by_client') : nothingEnded();
    notices.revoked({ tokenIds: [...(revoked ? [revoked.id] : []), ...grant.tokenIds], authorizationIds: grant.authorizationIds });
    return true;
  });
}

async function revokeRefresh(ctx: PlatformContext, appId: string, tokenDigest: string): Promise<boolean> {
  const row = (await refreshTokenByDigest(ctx.db, ctx.dialect, { digest: tokenDigest })).rows[0];
  if (!row) return false;
  if (row.app_id !== appId) return true;
  await transactWithNotices(ctx, async (trx, notices) => {
    await revokeFamily(trx, ctx.dialect, { now: ctx.now().toISOString(), familyId: row.family_id });
    const ids = await revokeTokensWhere(ctx, trx, { familyId: row.family_id }, 'revoked_by_client');
    const grant = await endIfNoCredentialLeft(ctx, trx, row.authorization_id, 'revoked_by_client');
    notices.revoked({ tokenIds: [...ids, ...grant.tokenIds], authorizationIds: grant.authorizationIds });
  });
  return true;
}
