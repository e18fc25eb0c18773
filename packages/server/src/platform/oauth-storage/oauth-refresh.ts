import { digest } from '../../crypto/tokens.js';
import type { RefreshGrantStore, RotationOutcome } from '../../oauth/grants/refresh-token.js';
import type { IssuedTokens } from '../../oauth/grants/types.js';
import type { PlatformContext } from '../context.js';
import { insertOAuthTokens, revokeTokensWhere, type TokenPolicy } from './oauth-tokens.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { transaction } from '../../store/transaction.js';

/** The refresh grant's storage (contract in oauth/grants/refresh-token.ts). */
export function refreshGrantStore(ctx: PlatformContext, policy: TokenPolicy): RefreshGrantStore {
  const graceMs = (policy.refreshRetryGraceSeconds ?? 0) * 1000;
  const find = (token: string) =>
    ctx.db
      .selectFrom('refresh_tokens')
      .innerJoin('authorizations', 'authorizations.id', 'refresh_tokens.authorization_id')
      .innerJoin('access_tokens', 'access_tokens.id', 'refresh_tokens.access_token_id')
      .select([
        'refresh_tokens.digest',
        'refresh_tokens.family_id',
        'refresh_tokens.app_id',
        'refresh_tokens.scopes',
        'refresh_tokens.used_at',
        'refresh_tokens.revoked_at',
        'refresh_tokens.expires_at',
        'refresh_tokens.retry_answer_sealed',
        'authorizations.id as authorization_id',
        'authorizations.workspace_id',
        'authorizations.user_id',
        'authorizations.revoked_at as authorization_revoked_at',
        'authorizations.resource',
        'access_tokens.code_digest',
      ])
      .where('refresh_tokens.digest', '=', digest(token))
      .executeTakeFirst();

  async function revokeFamily(familyId: string): Promise<void> {
    await transactWithNotices(ctx, async (trx, notices) => {
      await trx
        .updateTable('refresh_tokens')
        .set({ revoked_at: ctx.now().toISOString(), retry_answer_sealed: null })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
      notices.revoked({ tokenIds: await revokeTokensWhere(ctx, trx, { familyId }, 'refresh_token_reused') });
    });
  }

  /** The answer a rotation gave, when the same token comes back within the grace period and its family is intact. */
  async function retryAnswer(row: {
    used_at: string | null;
    revoked_at: string | null;
    retry_answer_sealed?: string | null;
  }): Promise<IssuedTokens | undefined> {
    if (graceMs === 0 || row.used_at === null || row.revoked_at !== null || !row.retry_answer_sealed) return undefined;
    if (ctx.now().getTime() - Date.parse(row.used_at) > graceMs) return undefined;
    return JSON.parse(ctx.secrets.open(row.retry_answer_sealed)) as IssuedTokens;
  }

  return {
    async scopesOf(token, appId) {
      const row = token.length <= 200 ? await find(token) : undefined;
      return row && row.app_id === appId ? row.scopes.split(' ') : undefined;
    },

    async rotate(token, appId, scopes, accept): Promise<RotationOutcome> {
      const row = token.length <= 200 ? await find(token) : undefined;
      if (!row || row.app_id !== appId) return { kind: 'invalid' };
      if (row.authorization_revoked_at !== null) return { kind: 'revoked' };
      accept?.({ resource: row.resource ?? null });
      const again = await retryAnswer(row);
      if (again) return { kind: 'issued', tokens: again };
      if (row.used_at !== null || row.revoked_at !== null) {
        await revokeFamily(row.family_id);
        return { kind: 'reused' };
      }
      if (row.expires_at !== null && Date.parse(row.expires_at) <= ctx.now().getTime()) return { kind: 'invalid' };
      const tokens = await transaction(ctx.db, async (trx) => {
        const used = await trx
          .updateTable('refresh_tokens')
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
        // Sealed like client secrets, and dropped by the sweep once the grace period is over (docs/oauth.md, "Public clients").
        if (graceMs > 0)
          await trx
            .updateTable('refresh_tokens')
            .set({ retry_answer_sealed: ctx.secrets.seal(JSON.stringify(issued)) })
            .where('digest', '=', row.digest)
            .execute();
        return issued;
      });
      if (tokens) return { kind: 'issued', tokens };
      // A concurrent rotation won the race: within the grace period its answer is this one's too.
      const raced = await find(token);
      const shared = raced ? await retryAnswer(raced) : undefined;
      if (shared) return { kind: 'issued', tokens: shared };
      await revokeFamily(row.family_id);
      return { kind: 'reused' };
    },
  };
}

/** Sealed retry answers whose grace period is over (docs/deployment.md, "Housekeeping"); the longest grace allowed bounds the age. */
export async function sweepSpentRetryAnswers(ctx: PlatformContext): Promise<number> {
  const before = new Date(ctx.now().getTime() - MAX_REFRESH_RETRY_GRACE_SECONDS * 1000).toISOString();
  const result = await ctx.db
    .updateTable('refresh_tokens')
    .set({ retry_answer_sealed: null })
    .where('retry_answer_sealed', 'is not', null)
    .where('used_at', '<', before)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The longest REFRESH_RETRY_GRACE_SECONDS accepted. */
export const MAX_REFRESH_RETRY_GRACE_SECONDS = 300;
