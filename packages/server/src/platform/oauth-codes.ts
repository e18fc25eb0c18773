import { digest } from '../crypto/tokens.js';
import type { CodeGrantStore, StoredCode } from '../oauth/grants/authorization-code.js';
import type { PlatformContext } from './context.js';
import { insertOAuthTokens, revokeTokensWhere, type TokenPolicy } from './oauth-tokens.js';

/** Reference §1.1: codes are valid for 15 minutes. */
export const CODE_TTL_MS = 15 * 60 * 1000;

/** The code grant's storage on the platform database (contract in oauth/grants/authorization-code.ts). */
export function codeGrantStore(ctx: PlatformContext, policy: TokenPolicy): CodeGrantStore {
  return {
    async find(code) {
      if (code.length > 200) return undefined;
      const row = await ctx.db.selectFrom('authorization_codes')
        .select(['digest', 'app_id', 'redirect_uri', 'code_challenge', 'expires_at', 'consumed_at'])
        .where('digest', '=', digest(code))
        .executeTakeFirst();
      return row && { digest: row.digest, appId: row.app_id, redirectUri: row.redirect_uri, codeChallenge: row.code_challenge, expiresAt: row.expires_at, consumed: row.consumed_at !== null };
    },

    async redeem(code: StoredCode) {
      return ctx.db.transaction().execute(async (trx) => {
        // Single use, decided by the database (CONVENTIONS): only one UPDATE can see consumed_at IS NULL.
        const result = await trx.updateTable('authorization_codes')
          .set({ consumed_at: ctx.now().toISOString() })
          .where('digest', '=', code.digest)
          .where('consumed_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return undefined;
        const grant = await trx.selectFrom('authorization_codes')
          .innerJoin('authorizations', 'authorizations.id', 'authorization_codes.authorization_id')
          .select(['authorizations.id', 'authorizations.workspace_id', 'authorizations.user_id', 'authorizations.revoked_at', 'authorization_codes.scopes'])
          .where('authorization_codes.digest', '=', code.digest)
          .executeTakeFirstOrThrow();
        if (grant.revoked_at !== null) return undefined;
        const { tokenId: _id, ...tokens } = await insertOAuthTokens(ctx, trx, policy, {
          authorizationId: grant.id,
          appId: code.appId,
          workspaceId: grant.workspace_id,
          userId: grant.user_id,
          scopes: grant.scopes,
          codeDigest: code.digest,
        });
        return tokens;
      });
    },

    async revokeIssuedFrom(code: StoredCode) {
      const ids = await ctx.db.transaction().execute((trx) => revokeTokensWhere(ctx, trx, { codeDigest: code.digest }, 'code_replayed'));
      if (ids.length) ctx.events.emit('revoked', { tokenIds: ids });
    },

    async redirectUrisOf(appId) {
      const rows = await ctx.db.selectFrom('app_redirect_uris').select('uri').where('app_id', '=', appId).execute();
      return rows.map((r) => r.uri);
    },
  };
}
