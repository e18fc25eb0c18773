import { newId } from '../../src/crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../src/crypto/tokens.js';
import type { PlatformContext } from '../../src/platform/context.js';

export interface InstalledApp {
  authorizationId: string;
  accessToken: string;
  accessTokenId: string;
  refreshToken: string;
}

/**
 * Inserts what the consent flow creates — an authorization (whole workspace, or picked sites), an OAuth
 * access token and a refresh token — straight into the tables, so dashboard tests do not depend on it.
 */
export async function installApp(
  ctx: PlatformContext,
  input: { appId: string; userId: string; workspaceId: string; siteIds?: string[]; scopes: string[] },
): Promise<InstalledApp> {
  const now = ctx.now().toISOString();
  const authorizationId = newId();
  const accessToken = newSecret(TOKEN_PREFIX.oauthAccessToken);
  const refreshToken = newSecret(TOKEN_PREFIX.refreshToken);
  const accessTokenId = newId();
  const scopes = input.scopes.join(' ');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('authorizations')
      .values({
        id: authorizationId,
        app_id: input.appId,
        user_id: input.userId,
        workspace_id: input.workspaceId,
        target: input.siteIds ? 'sites' : 'workspace',
        scopes,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    for (const siteId of input.siteIds ?? []) {
      await trx.insertInto('authorization_sites').values({ authorization_id: authorizationId, site_id: siteId }).execute();
    }
    await trx
      .insertInto('access_tokens')
      .values({
        id: accessTokenId,
        digest: digest(accessToken),
        kind: 'oauth',
        authorization_id: authorizationId,
        app_id: input.appId,
        site_id: null,
        workspace_id: input.workspaceId,
        name: null,
        scopes,
        created_by: input.userId,
        code_digest: null,
        created_at: now,
        expires_at: null,
        revoked_at: null,
      })
      .execute();
    await trx
      .insertInto('refresh_tokens')
      .values({
        digest: digest(refreshToken),
        family_id: newId(),
        authorization_id: authorizationId,
        app_id: input.appId,
        access_token_id: accessTokenId,
        scopes,
        created_at: now,
        expires_at: null,
        used_at: null,
        revoked_at: null,
      })
      .execute();
  });
  return { authorizationId, accessToken, accessTokenId, refreshToken };
}
