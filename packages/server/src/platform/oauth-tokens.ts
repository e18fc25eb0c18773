import type { Kysely } from 'kysely';
import { newId } from '../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../crypto/tokens.js';
import type { IssuedTokens } from '../oauth/grants/types.js';
import type { Database } from '../store/schema.js';
import { recordAudit } from './audit.js';
import type { PlatformContext } from './context.js';
import { precompiled } from '../store/precompiled-query.js';

const insertAccessToken = precompiled<'id' | 'digest' | 'authorizationId' | 'appId' | 'workspaceId' | 'scopes' | 'userId' | 'codeDigest' | 'now' | 'expiresAt', never>((db, p) =>
  db.insertInto('access_tokens').values({
    id: p('id'), digest: p('digest'), kind: 'oauth', authorization_id: p('authorizationId'), app_id: p('appId'), site_id: null, workspace_id: p('workspaceId'),
    name: null, scopes: p('scopes'), created_by: p('userId'), code_digest: p('codeDigest'), created_at: p('now'), last_used_at: null, expires_at: p('expiresAt'), revoked_at: null,
  }));

const insertAudit = precompiled<'id' | 'workspaceId' | 'userId' | 'subType' | 'payload' | 'now', never>((db, p) =>
  db.insertInto('audit_events').values({
    id: p('id'), workspace_id: p('workspaceId'), site_id: null, actor_user_id: p('userId'), actor_email: null, event_type: 'access_token',
    event_sub_type: p('subType'), payload: p('payload'), created_at: p('now'),
  }));

/** docs/design.md, "Surfaces": access tokens do not expire unless refresh tokens are switched on (REFRESH_TOKENS=true). */
export interface TokenPolicy {
  refreshTokens: boolean;
  accessTokenTtlSeconds: number;
  /**
   * RFC 9700 §4.14.2: a refresh token expires too. Each rotation issues one with a fresh lifetime, so a
   * grant lives while it is used and ends after this long unused.
   */
  refreshTokenTtlSeconds: number;
  /**
   * docs/oauth.md, "Public clients": for this long after a rotation, presenting the rotated refresh token
   * again answers the same tokens instead of revoking the family; 0 turns it off.
   */
  refreshRetryGraceSeconds?: number | undefined;
}

export interface TokenGrantFacts {
  authorizationId: string;
  appId: string;
  workspaceId: string;
  userId: string;
  scopes: string;
  codeDigest: string | null;
  /** The refresh-token family to continue; a new one starts when omitted. */
  familyId?: string | undefined;
  /** Scopes of the new refresh token when the access token was narrowed (the grant keeps its scopes). */
  refreshScopes?: string | undefined;
}

/** Inserts an OAuth access token (and a refresh token when the policy says so) inside `trx`. */
export async function insertOAuthTokens(ctx: PlatformContext, trx: Kysely<Database>, policy: TokenPolicy, facts: TokenGrantFacts): Promise<IssuedTokens & { tokenId: string }> {
  const now = ctx.now();
  const accessToken = newSecret(TOKEN_PREFIX.oauthAccessToken);
  const tokenId = newId();
  const expiresAt = policy.refreshTokens ? new Date(now.getTime() + policy.accessTokenTtlSeconds * 1000).toISOString() : null;
  await insertAccessToken(trx, ctx.dialect, {
    id: tokenId, digest: digest(accessToken), authorizationId: facts.authorizationId, appId: facts.appId, workspaceId: facts.workspaceId,
    scopes: facts.scopes, userId: facts.userId, codeDigest: facts.codeDigest, now: now.toISOString(), expiresAt,
  });
  let refreshToken: string | undefined;
  if (policy.refreshTokens) {
    refreshToken = newSecret(TOKEN_PREFIX.refreshToken);
    await trx.insertInto('refresh_tokens').values({
      digest: digest(refreshToken),
      family_id: facts.familyId ?? newId(),
      authorization_id: facts.authorizationId,
      app_id: facts.appId,
      access_token_id: tokenId,
      scopes: facts.refreshScopes ?? facts.scopes,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + policy.refreshTokenTtlSeconds * 1000).toISOString(),
      used_at: null,
      revoked_at: null,
    }).execute();
  }
  // The same row recordAudit writes, through a precompiled insert: this runs on every token issued.
  await insertAudit(trx, ctx.dialect, {
    id: newId(), workspaceId: facts.workspaceId, userId: facts.userId, subType: 'oauth_token_issued', now: now.toISOString(),
    payload: JSON.stringify({ tokenId, appId: facts.appId, authorizationId: facts.authorizationId, scopes: facts.scopes, grantType: facts.familyId ? 'refresh_token' : 'authorization_code' }),
  });
  return { accessToken, scope: facts.scopes, refreshToken, expiresIn: policy.refreshTokens ? policy.accessTokenTtlSeconds : undefined, tokenId };
}

/** Revokes live access tokens matching a filter, audits each, and returns their ids (callers emit 'revoked'). */
export async function revokeTokensWhere(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  filter: { codeDigest?: string; ids?: string[]; authorizationId?: string; familyId?: string },
  reason: string,
): Promise<string[]> {
  let query = trx.selectFrom('access_tokens').select(['id', 'workspace_id', 'app_id']).where('revoked_at', 'is', null);
  if (filter.codeDigest !== undefined) query = query.where('code_digest', '=', filter.codeDigest);
  if (filter.ids !== undefined) query = query.where('id', 'in', filter.ids.length ? filter.ids : ['-']);
  if (filter.authorizationId !== undefined) query = query.where('authorization_id', '=', filter.authorizationId);
  if (filter.familyId !== undefined) {
    const family = trx.selectFrom('refresh_tokens').select('access_token_id').where('family_id', '=', filter.familyId);
    query = query.where('id', 'in', family);
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const now = ctx.now().toISOString();
  await trx.updateTable('access_tokens').set({ revoked_at: now }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
  // A refresh token must not outlive the access token it came with (RFC 7009 §2.1).
  await trx.updateTable('refresh_tokens').set({ revoked_at: now }).where('access_token_id', 'in', ids).where('revoked_at', 'is', null).execute();
  for (const row of rows) {
    await recordAudit(ctx, { workspaceId: row.workspace_id, eventType: 'access_token', eventSubType: 'oauth_token_revoked', payload: { tokenId: row.id, appId: row.app_id, reason } }, trx);
  }
  return ids;
}
