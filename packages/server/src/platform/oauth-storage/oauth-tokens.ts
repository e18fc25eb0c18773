import type { Kysely } from 'kysely';
import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { IssuedTokens } from '../../oauth/grants/types.js';
import type { Database } from '../../store/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { precompiled } from '../../store/precompiled-query.js';
import { existsAnswer } from '../../store/exists-answer.js';

const insertAccessToken = precompiled<
  'id' | 'digest' | 'authorizationId' | 'appId' | 'workspaceId' | 'scopes' | 'userId' | 'codeDigest' | 'now' | 'expiresAt',
  never
>((db, p) =>
  db.insertInto('access_tokens').values({
    id: p('id'),
    digest: p('digest'),
    kind: 'oauth',
    authorization_id: p('authorizationId'),
    app_id: p('appId'),
    site_id: null,
    workspace_id: p('workspaceId'),
    name: null,
    scopes: p('scopes'),
    created_by: p('userId'),
    code_digest: p('codeDigest'),
    created_at: p('now'),
    expires_at: p('expiresAt'),
    revoked_at: null,
  }),
);

const insertAudit = precompiled<'id' | 'workspaceId' | 'userId' | 'subType' | 'payload' | 'now', never>((db, p) =>
  db.insertInto('audit_events').values({
    id: p('id'),
    workspace_id: p('workspaceId'),
    site_id: null,
    actor_user_id: p('userId'),
    actor_email: null,
    event_type: 'access_token',
    event_sub_type: p('subType'),
    payload: p('payload'),
    created_at: p('now'),
  }),
);

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
export async function insertOAuthTokens(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  policy: TokenPolicy,
  facts: TokenGrantFacts,
): Promise<IssuedTokens & { tokenId: string }> {
  const now = ctx.now();
  const accessToken = newSecret(TOKEN_PREFIX.oauthAccessToken);
  const tokenId = newId();
  const expiresAt = policy.refreshTokens ? new Date(now.getTime() + policy.accessTokenTtlSeconds * 1000).toISOString() : null;
  await insertAccessToken(trx, ctx.dialect, {
    id: tokenId,
    digest: digest(accessToken),
    authorizationId: facts.authorizationId,
    appId: facts.appId,
    workspaceId: facts.workspaceId,
    scopes: facts.scopes,
    userId: facts.userId,
    codeDigest: facts.codeDigest,
    now: now.toISOString(),
    expiresAt,
  });
  let refreshToken: string | undefined;
  if (policy.refreshTokens) {
    refreshToken = newSecret(TOKEN_PREFIX.refreshToken);
    await trx
      .insertInto('refresh_tokens')
      .values({
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
      })
      .execute();
  }
  // The same row recordAudit writes, through a precompiled insert: this runs on every token issued.
  await insertAudit(trx, ctx.dialect, {
    id: newId(),
    workspaceId: facts.workspaceId,
    userId: facts.userId,
    subType: 'oauth_token_issued',
    now: now.toISOString(),
    payload: JSON.stringify({
      tokenId,
      appId: facts.appId,
      authorizationId: facts.authorizationId,
      scopes: facts.scopes,
      grantType: facts.familyId ? 'refresh_token' : 'authorization_code',
    }),
  });
  return { accessToken, scope: facts.scopes, refreshToken, expiresIn: policy.refreshTokens ? policy.accessTokenTtlSeconds : undefined, tokenId };
}

type RevokedRow = { id: string; workspace_id: string; app_id: string | null; authorization_id: string | null };
/** Exactly one of: the tokens issued from a code (found among its authorization's), these ids, an authorization's, a refresh family's. */
type TokenFilter = { code: { digest: string; authorizationId: string } } | { ids: string[] } | { authorizationId: string } | { familyId: string };

// Each revocation path marks its tokens in one statement that answers what it marked, compiled once.
const RETURNED = ['id', 'workspace_id', 'app_id', 'authorization_id'] as const;
const REVOKE_BY = {
  id: precompiled<'now' | 'value', RevokedRow>((db, p) =>
    db
      .updateTable('access_tokens')
      .set({ revoked_at: p('now') })
      .where('revoked_at', 'is', null)
      .where('id', '=', p('value'))
      .returning(RETURNED),
  ),
  authorizationId: precompiled<'now' | 'value', RevokedRow>((db, p) =>
    db
      .updateTable('access_tokens')
      .set({ revoked_at: p('now') })
      .where('revoked_at', 'is', null)
      .where('authorization_id', '=', p('value'))
      .returning(RETURNED),
  ),
  familyId: precompiled<'now' | 'value', RevokedRow>((db, p) =>
    db
      .updateTable('access_tokens')
      .set({ revoked_at: p('now') })
      .where('revoked_at', 'is', null)
      .where('id', 'in', db.selectFrom('refresh_tokens').select('access_token_id').where('family_id', '=', p('value')))
      .returning(RETURNED),
  ),
};
// code_digest has no index of its own (store/migrations/0029-lean-token-indexes.ts): the code's authorization leads.
const revokeIssuedFromCode = precompiled<'now' | 'digest' | 'authorizationId', RevokedRow>((db, p) =>
  db
    .updateTable('access_tokens')
    .set({ revoked_at: p('now') })
    .where('revoked_at', 'is', null)
    .where('authorization_id', '=', p('authorizationId'))
    .where('code_digest', '=', p('digest'))
    .returning(RETURNED),
);
/*
 * RFC 7009 §2.1: a client revokes its own token, found and marked in one statement, which also answers
 * whether the token has a live refresh token to revoke with it: most have none (refresh tokens are off
 * by default), and a probe here costs less than a statement that would change nothing.
 */
const revokeClientTokenByDigest = precompiled<'now' | 'digest' | 'appId', RevokedRow & { refresh_left: unknown }>((db, p) =>
  db
    .updateTable('access_tokens')
    .set({ revoked_at: p('now') })
    .where('digest', '=', p('digest'))
    .where('kind', '=', 'oauth')
    .where('app_id', '=', p('appId'))
    .where('revoked_at', 'is', null)
    .returning((eb) => [
      ...RETURNED,
      eb
        .exists(
          eb
            .selectFrom('refresh_tokens')
            .select('refresh_tokens.digest')
            .whereRef('refresh_tokens.access_token_id', '=', 'access_tokens.id')
            .where('refresh_tokens.revoked_at', 'is', null),
        )
        .as('refresh_left'),
    ]),
);
const revokeRefreshOfToken = precompiled<'now' | 'id', never>((db, p) =>
  db
    .updateTable('refresh_tokens')
    .set({ revoked_at: p('now') })
    .where('access_token_id', '=', p('id'))
    .where('revoked_at', 'is', null),
);

/**
 * Revokes live access tokens matching one filter, audits each, and returns their ids (callers emit 'revoked').
 * `refreshLeft: false` says the caller knows none of their refresh tokens is unrevoked (it asked, in this transaction).
 */
export async function revokeTokensWhere(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  filter: TokenFilter,
  reason: string,
  { refreshLeft = true }: { refreshLeft?: boolean } = {},
): Promise<string[]> {
  const now = ctx.now().toISOString();
  const rows = await markRevoked(ctx, trx, filter, now);
  await settleRevoked(ctx, trx, rows, now, reason, refreshLeft);
  return rows.map((r) => r.id);
}

/**
 * The client's own live OAuth access token with this digest, revoked and audited as revokeTokensWhere does;
 * answers its id and authorization, or undefined when the client has no such live token.
 */
export async function revokeClientToken(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  tokenDigest: string,
  appId: string,
  reason: string,
): Promise<{ id: string; authorizationId: string | null } | undefined> {
  const now = ctx.now().toISOString();
  const rows = (await revokeClientTokenByDigest(trx, ctx.dialect, { now, digest: tokenDigest, appId })).rows;
  await settleRevoked(ctx, trx, rows, now, reason, rows.length > 0 && existsAnswer(rows[0]!.refresh_left));
  return rows[0] && { id: rows[0].id, authorizationId: rows[0].authorization_id };
}

/** What follows marking tokens revoked: their refresh tokens go too, and each gets its audit event. */
async function settleRevoked(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  rows: RevokedRow[],
  now: string,
  reason: string,
  refreshLeft: boolean,
): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  // A refresh token must not outlive the access token it came with (RFC 7009 §2.1).
  if (refreshLeft && ids.length === 1) await revokeRefreshOfToken(trx, ctx.dialect, { now, id: ids[0] });
  else if (refreshLeft)
    await trx.updateTable('refresh_tokens').set({ revoked_at: now }).where('access_token_id', 'in', ids).where('revoked_at', 'is', null).execute();
  for (const row of rows) {
    await recordAudit(
      ctx,
      {
        workspaceId: row.workspace_id,
        eventType: 'access_token',
        eventSubType: 'oauth_token_revoked',
        payload: { tokenId: row.id, appId: row.app_id, reason },
      },
      trx,
    );
  }
}

async function markRevoked(ctx: PlatformContext, trx: Kysely<Database>, filter: TokenFilter, now: string): Promise<RevokedRow[]> {
  if ('ids' in filter) {
    if (filter.ids.length === 0) return [];
    if (filter.ids.length === 1) return (await REVOKE_BY.id(trx, ctx.dialect, { now, value: filter.ids[0] })).rows;
    return trx
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('id', 'in', filter.ids)
      .where('revoked_at', 'is', null)
      .returning(RETURNED)
      .execute();
  }
  if ('code' in filter) return (await revokeIssuedFromCode(trx, ctx.dialect, { now, ...filter.code })).rows;
  const [key, value] = Object.entries(filter)[0] as [keyof typeof REVOKE_BY, string];
  return (await REVOKE_BY[key](trx, ctx.dialect, { now, value })).rows;
}
