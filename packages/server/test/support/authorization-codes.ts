import { newId } from '../../src/crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../src/crypto/tokens.js';
import type { PlatformContext } from '../../src/platform/context.js';

/**
 * Inserts `count` authorizations with one unused authorization code each (no redirect_uri bound, no PKCE),
 * the way consent stores them, so a test can drive code exchanges as write load.
 */
export async function seedCodes(ctx: PlatformContext, grant: { appId: string; userId: string; workspaceId: string }, count: number): Promise<string[]> {
  const now = ctx.now();
  const codes: string[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => ({ code: newSecret(TOKEN_PREFIX.authorizationCode), authorizationId: newId() }));
    await ctx.db
      .insertInto('authorizations')
      .values(
        batch.map((b) => ({
          id: b.authorizationId,
          app_id: grant.appId,
          user_id: grant.userId,
          workspace_id: grant.workspaceId,
          target: 'workspace' as const,
          scopes: 'sites:read',
          created_at: now.toISOString(),
          revoked_at: null,
        })),
      )
      .execute();
    await ctx.db
      .insertInto('authorization_codes')
      .values(
        batch.map((b) => ({
          digest: digest(b.code),
          authorization_id: b.authorizationId,
          app_id: grant.appId,
          redirect_uri: null,
          code_challenge: null,
          code_challenge_method: null,
          scopes: 'sites:read',
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 15 * 60_000).toISOString(),
          consumed_at: null,
        })),
      )
      .execute();
    codes.push(...batch.map((b) => b.code));
  }
  return codes;
}
