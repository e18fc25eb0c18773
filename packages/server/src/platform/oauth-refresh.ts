import { digest } from '../crypto/tokens.js';
import type { RefreshGrantStore, RotationOutcome } from '../oauth/grants/refresh-token.js';
import type { PlatformContext } from './context.js';
import { insertOAuthTokens, revokeTokensWhere, type TokenPolicy } from './oauth-tokens.js';
import { transactWithNotices } from './invalidation-feed.js';

/** The refresh grant's storage (contract in oauth/grants/refresh-token.ts). */
export function refreshGrantStore(ctx: PlatformContext, policy: TokenPolicy): RefreshGrantStore {
  const find = (token: string) =>
    ctx.db.selectFrom('refresh_tokens')
      .innerJoin('authorizations', 'authorizations.id', 'refresh_tokens.authorization_id')
      .innerJoin('access_tokens', 'access_tokens.id', 'refresh_tokens.access_token_id')
      .select([
        'refresh_tokens.digest', 'refresh_tokens.family_id', 'refresh_tokens.app_id', 'refresh_tokens.scopes', 'refresh_tokens.used_at',
        'refresh_tokens.revoked_at', 'refresh_tokens.expires_at', 'authorizations.id as authorization_id', 'authorizations.workspace_id',
        'authorizations.user_id', 'authorizations.revoked_at as authorization_revoked_at', 'access_tokens.code_digest',
      ])
      .where('refresh_tokens.digest', '=', digest(token))
      .executeTakeFirst();

  async function revokeFamily(familyId: string): Promise<void> {
    await transactWithNotices(ctx, async (trx, notices) => {
      await trx.updateTable('refresh_tokens').set({ revoked_at: ctx.now().toISOString() }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
      notices.revoked({ tokenIds: await revokeTokensWhere(ctx, trx, { familyId }, 'refresh_token_reused') });
    });
  }

  return {
    async scopesOf(token, appId) {
      const row = token.length <= 200 ? await find(token) : undefined;
      return row && row.app_id === appId ? row.scopes.split(' ') : undefined;
    },

    async rotate(token, appId, scopes): Promise<RotationOutcome> {
      const row = token.length <= 200 ? await find(token) : undefined;
      if (!row || row.app_id !== appId) return { kind: 'invalid' };
      if (row.authorization_revoked_at !== null) return { kind: 'revoked' };
      if (row.used_at !== null || row.revoked_at !== null) {
        await revokeFamily(row.family_id);
        return { kind: 'reused' };
      }
      if (row.expires_at !== null && Date.parse(row.expires_at) <= ctx.now().getTime()) return { kind: 'invalid' };
      const tokens = await ctx.db.transaction().execute(async (trx) => {
        const used = await trx.updateTable('refresh_tokens')
          .set({ used_at: ctx.now().toISOString() })
          .where('digest', '=', row.digest)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) return undefined;
        const { tokenId: _id, ...issued } = await insertOAuthTokens(ctx, trx, policy, {
          authorizationId: row.authorization_id,
          appId,
          workspaceId: row.workspace_id,
          userId: row.user_id,
          scopes: scopes ? ctx.catalogue.formatScopes(scopes) : row.scopes,
          refreshScopes: row.scopes,
          codeDigest: row.code_digest,
          familyId: row.family_id,
        });
        return issued;
      });
      if (tokens) return { kind: 'issued', tokens };
      await revokeFamily(row.family_id);
      return { kind: 'reused' };
    },
  };
}
