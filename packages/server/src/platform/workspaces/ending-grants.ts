import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { revokeTokensWhere } from '../oauth-storage/oauth-tokens.js';
import { removeWebhooks } from '../webhooks/webhook-owners.js';
import { precompiled } from '../../store/precompiled-query.js';

/** What ending some grants ended, for the `revoked` notice and for callers that report counts. */
export interface EndedGrants {
  authorizationIds: string[];
  tokenIds: string[];
  webhookIds: string[];
}

export const nothingEnded = (): EndedGrants => ({ authorizationIds: [], tokenIds: [], webhookIds: [] });

// Ending a grant runs on every revocation; its statements are compiled once (store/precompiled-query.ts).
const markAuthorizationRevoked = precompiled<'now' | 'id', { workspace_id: string; app_id: string }>((db, p) =>
  db
    .updateTable('authorizations')
    .set({ revoked_at: p('now') })
    .where('id', '=', p('id'))
    .where('revoked_at', 'is', null)
    .returning(['workspace_id', 'app_id']),
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
/** Whether an authorization still holds a credential that could be used: one statement, three index probes. */
const credentialsLeft = precompiled<'now' | 'id', { access: unknown; refresh: unknown; code: unknown }>((db, p) =>
  db
    .selectFrom('authorizations')
    .where('id', '=', p('id'))
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('access_tokens')
            .select('id')
            .where('authorization_id', '=', p('id'))
            .where('revoked_at', 'is', null)
            .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', p('now'))])),
        )
        .as('access'),
      eb
        .exists(
          eb
            .selectFrom('refresh_tokens')
            .select('digest')
            .where('authorization_id', '=', p('id'))
            .where('revoked_at', 'is', null)
            .where('used_at', 'is', null)
            .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', p('now'))])),
        )
        .as('refresh'),
      eb
        .exists(
          eb
            .selectFrom('authorization_codes')
            .select('digest')
            .where('authorization_id', '=', p('id'))
            .where('consumed_at', 'is', null)
            .where('expires_at', '>', p('now')),
        )
        .as('code'),
    ]),
);
/** EXISTS answers 1/0 on SQLite and true/false on PostgreSQL. */
const yes = (v: unknown) => v === true || Number(v) === 1;

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
    if (!row) continue;
    const tokenIds = await revokeTokensWhere(ctx, trx, { authorizationId: id }, reason);
    await revokeRefreshOfAuthorization(trx, ctx.dialect, { now, id });
    await spendCodesOfAuthorization(trx, ctx.dialect, { now, id });
    const webhookIds = await removeWebhooks(
      trx,
      (await webhooksOfAuthorization(trx, ctx.dialect, { id })).rows.map((r) => r.id),
    );
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
  return ended;
}

/**
 * RFC 7009 §2.1 revokes single tokens; an authorization left with no credential that could still be
 * used (a live access token, an unspent refresh token, an unexchanged code) is over, so it ends like an
 * uninstall and its webhooks go (docs/oauth.md, "Revocation").
 */
export async function endIfNoCredentialLeft(ctx: PlatformContext, trx: Kysely<Database>, authorizationId: string, reason: string): Promise<EndedGrants> {
  const left = (await credentialsLeft(trx, ctx.dialect, { now: ctx.now().toISOString(), id: authorizationId })).rows[0];
  if (!left || yes(left.access) || yes(left.refresh) || yes(left.code)) return nothingEnded();
  return endAuthorizations(ctx, trx, [authorizationId], reason);
}
