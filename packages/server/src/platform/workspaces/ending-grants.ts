import type { Expression, ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { revokeTokensWhere } from '../oauth-storage/oauth-tokens.js';
import { removeWebhooks } from '../webhooks/webhook-owners.js';
import { precompiled } from '../../store/precompiled-query.js';
import { existsAnswer } from '../../store/exists-answer.js';

/** What ending some grants ended, for the `revoked` notice and for callers that report counts. */
export interface EndedGrants {
  authorizationIds: string[];
  tokenIds: string[];
  webhookIds: string[];
}

export const nothingEnded = (): EndedGrants => ({ authorizationIds: [], tokenIds: [], webhookIds: [] });

// Ending a grant runs on every revocation; its statements are compiled once (store/precompiled-query.ts).

type OnAuthorizations = ExpressionBuilder<Database, 'authorizations'>;
/** An authorization's id: a bound value, or the column of the row a statement is marking. */
type AuthorizationId = string | Expression<string>;

/*
 * An authorization's rows of each kind not yet revoked or spent. With `usableAt`, only the credentials
 * that could still be used then: not expired, and a refresh token not yet rotated.
 */
const accessTokensOf = (eb: OnAuthorizations, id: AuthorizationId, usableAt?: string) =>
  eb.exists(
    eb
      .selectFrom('access_tokens')
      .select('access_tokens.id')
      .where('access_tokens.authorization_id', '=', id)
      .where('access_tokens.revoked_at', 'is', null)
      .$if(usableAt !== undefined, (q) => q.where((e) => e.or([e('access_tokens.expires_at', 'is', null), e('access_tokens.expires_at', '>', usableAt!)]))),
  );
const refreshTokensOf = (eb: OnAuthorizations, id: AuthorizationId, usableAt?: string) =>
  eb.exists(
    eb
      .selectFrom('refresh_tokens')
      .select('refresh_tokens.digest')
      .where('refresh_tokens.authorization_id', '=', id)
      .where('refresh_tokens.revoked_at', 'is', null)
      .$if(usableAt !== undefined, (q) =>
        q
          .where('refresh_tokens.used_at', 'is', null)
          .where((e) => e.or([e('refresh_tokens.expires_at', 'is', null), e('refresh_tokens.expires_at', '>', usableAt!)])),
      ),
  );
const codesOf = (eb: OnAuthorizations, id: AuthorizationId, usableAt?: string) =>
  eb.exists(
    eb
      .selectFrom('authorization_codes')
      .select('authorization_codes.digest')
      .where('authorization_codes.authorization_id', '=', id)
      .where('authorization_codes.consumed_at', 'is', null)
      .$if(usableAt !== undefined, (q) => q.where('authorization_codes.expires_at', '>', usableAt!)),
  );

/**
 * Which kinds of an authorization's rows are still there to end (any not yet revoked or spent, expired or
 * not), answered by the statement that marks it revoked, so ending it skips the statements that would
 * change nothing.
 */
const leftToEnd = (eb: OnAuthorizations, id: AuthorizationId) => [
  accessTokensOf(eb, id).as('access'),
  refreshTokensOf(eb, id).as('refresh'),
  codesOf(eb, id).as('code'),
  eb.exists(eb.selectFrom('webhooks').select('webhooks.id').where('webhooks.authorization_id', '=', id)).as('webhook'),
];
type MarkedRow = { workspace_id: string; app_id: string; access: unknown; refresh: unknown; code: unknown; webhook: unknown };

const markAuthorizationRevoked = precompiled<'now' | 'id', MarkedRow>((db, p) =>
  db
    .updateTable('authorizations')
    .set({ revoked_at: p('now') })
    .where('id', '=', p('id'))
    .where('revoked_at', 'is', null)
    .returning((eb) => ['workspace_id', 'app_id', ...leftToEnd(eb, p('id'))]),
);

/**
 * The same, only when the authorization holds no credential that could still be used (a live access
 * token, an unspent refresh token, an unexchanged code): the check and the mark in one statement.
 */
const markRevokedIfNoCredentialLeft = precompiled<'now' | 'id', MarkedRow>((db, p) =>
  db
    .updateTable('authorizations')
    .set({ revoked_at: p('now') })
    .where('id', '=', p('id'))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.not(accessTokensOf(eb, p('id'), p('now'))))
    .where((eb) => eb.not(refreshTokensOf(eb, p('id'), p('now'))))
    .where((eb) => eb.not(codesOf(eb, p('id'), p('now'))))
    .returning((eb) => ['workspace_id', 'app_id', ...leftToEnd(eb, p('id'))]),
);
/**
 * docs/webflow-wire.md, "Revoking an authorization": the authorization of the client's own live OAuth
 * access token with this digest, found and marked in one statement; nothing when the token is unknown,
 * revoked, another client's, or its authorization is already over.
 */
const markAuthorizationOfTokenRevoked = precompiled<'now' | 'digest' | 'appId', MarkedRow & { id: string }>((db, p) =>
  db
    .updateTable('authorizations')
    .set({ revoked_at: p('now') })
    .where('revoked_at', 'is', null)
    .where('id', '=', (eb) =>
      eb
        .selectFrom('access_tokens')
        .select('access_tokens.authorization_id')
        .where('access_tokens.digest', '=', p('digest'))
        .where('access_tokens.kind', '=', 'oauth')
        .where('access_tokens.app_id', '=', p('appId'))
        .where('access_tokens.revoked_at', 'is', null),
    )
    .returning((eb) => ['id', 'workspace_id', 'app_id', ...leftToEnd(eb, eb.ref('authorizations.id'))]),
);
const revokeRefreshOfAuthorization = precompiled<'now' | 'id', never>((db, p) =>
  db
    .updateTable('refresh_tokens')
    .set({ revoked_at: p('now') })
    .where('authorization_id', '=', p('id'))
    .where('revoked_at', 'is', null),
);
const spendCodesOfAuthorization = precompiled<'now' | 'id', never>((db, p) =>
  db
    .updateTable('authorization_codes')
    .set({ consumed_at: p('now') })
    .where('authorization_id', '=', p('id'))
    .where('consumed_at', 'is', null),
);
const webhooksOfAuthorization = precompiled<'id', { id: string }>((db, p) => db.selectFrom('webhooks').select('id').where('authorization_id', '=', p('id')));

/**
 * Inside the caller's transaction: each live authorization in `ids` is marked revoked; its access and
 * refresh tokens, its unexchanged codes and its webhooks (queued deliveries included) go with it, and
 * each gets an `authorization_revoked` audit event. Already revoked ones are left alone.
 */
export async function endAuthorizations(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  ids: string[],
  reason: string,
  actor?: AuditActor | null,
): Promise<EndedGrants> {
  const ended = nothingEnded();
  const now = ctx.now().toISOString();
  for (const id of new Set(ids)) {
    const row = (await markAuthorizationRevoked(trx, ctx.dialect, { now, id })).rows[0];
    if (row) await endMarked(ctx, trx, id, row, reason, actor, ended);
  }
  return ended;
}

/**
 * RFC 7009 §2.1 revokes single tokens; an authorization left with no credential that could still be
 * used (a live access token, an unspent refresh token, an unexchanged code) is over, so it ends like an
 * uninstall and its webhooks go (docs/oauth.md, "Revocation").
 */
export async function endIfNoCredentialLeft(ctx: PlatformContext, trx: Kysely<Database>, authorizationId: string, reason: string): Promise<EndedGrants> {
  const ended = nothingEnded();
  const row = (await markRevokedIfNoCredentialLeft(trx, ctx.dialect, { now: ctx.now().toISOString(), id: authorizationId })).rows[0];
  if (row) await endMarked(ctx, trx, authorizationId, row, reason, null, ended);
  return ended;
}

/** Ends the authorization of the client's own live access token with this digest, as endAuthorizations does. */
export async function endAuthorizationOfToken(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  tokenDigest: string,
  appId: string,
  reason: string,
): Promise<EndedGrants> {
  const ended = nothingEnded();
  const row = (await markAuthorizationOfTokenRevoked(trx, ctx.dialect, { now: ctx.now().toISOString(), digest: tokenDigest, appId })).rows[0];
  if (row) await endMarked(ctx, trx, row.id, row, reason, null, ended);
  return ended;
}

/** Ends what an authorization just marked revoked still holds, audits it, and adds it all to `ended`. */
async function endMarked(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  id: string,
  row: MarkedRow,
  reason: string,
  actor: AuditActor | null | undefined,
  ended: EndedGrants,
): Promise<void> {
  const now = ctx.now().toISOString();
  const refreshLeft = existsAnswer(row.refresh);
  const tokenIds = existsAnswer(row.access) ? await revokeTokensWhere(ctx, trx, { authorizationId: id }, reason, { refreshLeft }) : [];
  if (refreshLeft) await revokeRefreshOfAuthorization(trx, ctx.dialect, { now, id });
  if (existsAnswer(row.code)) await spendCodesOfAuthorization(trx, ctx.dialect, { now, id });
  const webhookIds = existsAnswer(row.webhook)
    ? await removeWebhooks(
        trx,
        (await webhooksOfAuthorization(trx, ctx.dialect, { id })).rows.map((r) => r.id),
      )
    : [];
  await recordAudit(
    ctx,
    {
      workspaceId: row.workspace_id,
      actor,
      eventType: 'app_authorization',
      eventSubType: 'authorization_revoked',
      payload: { authorizationId: id, appId: row.app_id, reason, tokenIds, webhookIds },
    },
    trx,
  );
  ended.authorizationIds.push(id);
  ended.tokenIds.push(...tokenIds);
  ended.webhookIds.push(...webhookIds);
}
