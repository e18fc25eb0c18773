import { newId } from '../../src/crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../src/crypto/tokens.js';
import type { PlatformContext } from '../../src/platform/context.js';

export interface OAuthGrant {
  appId: string;
  userId: string;
  workspaceId: string;
  /** Omit for a whole-workspace authorization. */
  siteIds?: string[];
  scopes: string[];
  expiresAt?: string | null;
}

/**
 * Inserts an authorization (and its sites) and an OAuth access token row directly, the way the token
 * endpoint stores them, so Data API tests do not depend on the OAuth endpoints.
 */
export async function grantOAuthToken(ctx: PlatformContext, grant: OAuthGrant): Promise<{ token: string; tokenId: string; authorizationId: string }> {
  const now = ctx.now().toISOString();
  const authorizationId = newId();
  const scopes = ctx.catalogue.formatScopes(grant.scopes);
  await ctx.db
    .insertInto('authorizations')
    .values({
      id: authorizationId,
      app_id: grant.appId,
      user_id: grant.userId,
      workspace_id: grant.workspaceId,
      target: grant.siteIds ? 'sites' : 'workspace',
      scopes,
      created_at: now,
      revoked_at: null,
    })
    .execute();
  if (grant.siteIds?.length) {
    await ctx.db
      .insertInto('authorization_sites')
      .values(grant.siteIds.map((site_id) => ({ authorization_id: authorizationId, site_id })))
      .execute();
  }
  const { token, tokenId } = await insertOAuthAccessToken(ctx, { ...grant, authorizationId, scopes, createdAt: now });
  return { token, tokenId, authorizationId };
}

/** Adds an OAuth access token row to an authorization, as an exchange or a refresh stores one; `scopes` as stored. */
export async function insertOAuthAccessToken(
  ctx: PlatformContext,
  row: {
    authorizationId: string;
    appId: string;
    userId: string;
    workspaceId: string;
    scopes: string;
    expiresAt?: string | null | undefined;
    createdAt?: string;
  },
): Promise<{ token: string; tokenId: string }> {
  const tokenId = newId();
  const token = newSecret(TOKEN_PREFIX.oauthAccessToken);
  await ctx.db
    .insertInto('access_tokens')
    .values({
      id: tokenId,
      digest: digest(token),
      kind: 'oauth',
      authorization_id: row.authorizationId,
      app_id: row.appId,
      site_id: null,
      workspace_id: row.workspaceId,
      name: null,
      scopes: row.scopes,
      created_by: row.userId,
      code_digest: null,
      created_at: row.createdAt ?? ctx.now().toISOString(),
      expires_at: row.expiresAt ?? null,
      revoked_at: null,
    })
    .execute();
  return { token, tokenId };
}

/** Revokes an authorization the way the OAuth surface does: mark it, then tell the caches. */
export async function revokeAuthorization(ctx: PlatformContext, authorizationId: string): Promise<void> {
  await ctx.db.updateTable('authorizations').set({ revoked_at: ctx.now().toISOString() }).where('id', '=', authorizationId).execute();
  ctx.events.emit('revoked', { authorizationIds: [authorizationId] });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
