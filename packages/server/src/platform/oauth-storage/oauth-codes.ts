import { digest } from '../../crypto/tokens.js';
import type { CodeGrantStore, StoredCode } from '../../oauth/grants/authorization-code.js';
import type { PlatformContext } from '../context.js';
import { precompiled } from '../../store/precompiled-query.js';
import { transaction } from '../../store/transaction.js';
import { insertOAuthTokens, revokeTokensWhere, type TokenPolicy } from './oauth-tokens.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';

/** docs/webflow-wire.md, "Authorize request": codes are valid for 15 minutes. */
export const CODE_TTL_MS = 15 * 60 * 1000;

/** A code with the authorization facts the token needs, read in the same query. */
interface GrantedCode extends StoredCode {
  authorizationId: string;
  workspaceId: string;
  userId: string;
  scopes: string;
}

const codeByDigest = precompiled<
  'digest',
  {
    digest: string;
    app_id: string;
    redirect_uri: string | null;
    code_challenge: string | null;
    expires_at: string;
    consumed_at: string | null;
    scopes: string;
    authorization_id: string;
    workspace_id: string;
    user_id: string;
    revoked_at: string | null;
    resource: string | null;
  }
>((db, p) =>
  db
    .selectFrom('authorization_codes')
    .innerJoin('authorizations', 'authorizations.id', 'authorization_codes.authorization_id')
    .select([
      'authorization_codes.digest',
      'authorization_codes.app_id',
      'authorization_codes.redirect_uri',
      'authorization_codes.code_challenge',
      'authorization_codes.expires_at',
      'authorization_codes.consumed_at',
      'authorization_codes.scopes',
      'authorizations.id as authorization_id',
      'authorizations.workspace_id',
      'authorizations.user_id',
      'authorizations.revoked_at',
      'authorizations.resource',
    ])
    .where('authorization_codes.digest', '=', p('digest')),
);

// Single use, decided by the database (docs/design.md, "Grants, tokens and revocation"): only one UPDATE can see consumed_at IS NULL.
const consumeCode = precompiled<'now' | 'digest', never>((db, p) =>
  db
    .updateTable('authorization_codes')
    .set({ consumed_at: p('now') })
    .where('digest', '=', p('digest'))
    .where('consumed_at', 'is', null),
);

/** The code grant's storage on the platform database (contract in oauth/grants/authorization-code.ts). */
export function codeGrantStore(ctx: PlatformContext, policy: TokenPolicy): CodeGrantStore {
  return {
    async find(code) {
      if (code.length > 200) return undefined;
      const row = (await codeByDigest(ctx.db, ctx.dialect, { digest: digest(code) })).rows[0];
      if (!row) return undefined;
      const found: GrantedCode = {
        digest: row.digest,
        appId: row.app_id,
        redirectUri: row.redirect_uri,
        codeChallenge: row.code_challenge,
        expiresAt: row.expires_at,
        consumed: row.consumed_at !== null,
        authorizationId: row.authorization_id,
        workspaceId: row.workspace_id,
        userId: row.user_id,
        scopes: row.scopes,
        authorizationRevoked: row.revoked_at !== null,
        resource: row.resource ?? null,
      };
      return found;
    },

    async redeem(stored: StoredCode) {
      const code = stored as GrantedCode;
      if (code.authorizationRevoked) return undefined;
      return transaction(ctx.db, async (trx) => {
        const result = await consumeCode(trx, ctx.dialect, { now: ctx.now().toISOString(), digest: code.digest });
        if (Number(result.numAffectedRows) !== 1) return undefined;
        const { tokenId: _id, ...tokens } = await insertOAuthTokens(ctx, trx, policy, {
          authorizationId: code.authorizationId,
          appId: code.appId,
          workspaceId: code.workspaceId,
          userId: code.userId,
          scopes: code.scopes,
          codeDigest: code.digest,
        });
        return tokens;
      });
    },

    async revokeIssuedFrom(stored: StoredCode) {
      const code = { digest: stored.digest, authorizationId: (stored as GrantedCode).authorizationId };
      await transactWithNotices(ctx, async (trx, notices) => {
        notices.revoked({ tokenIds: await revokeTokensWhere(ctx, trx, { code }, 'code_replayed') });
      });
    },

    async redirectUrisOf(appId) {
      const rows = await ctx.db.selectFrom('app_redirect_uris').select('uri').where('app_id', '=', appId).execute();
      return rows.map((r) => r.uri);
    },
  };
}
