import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit, type AuditActor } from './audit.js';
import type { PlatformContext } from './context.js';
import { revokeTokensWhere } from './oauth-tokens.js';
import { removeWebhooksOf } from './webhook-owners.js';

/** What ending some grants ended, for the `revoked` notice and for callers that report counts. */
export interface EndedGrants {
  authorizationIds: string[];
  tokenIds: string[];
  webhookIds: string[];
}

export const nothingEnded = (): EndedGrants => ({ authorizationIds: [], tokenIds: [], webhookIds: [] });

/**
 * Inside the caller's transaction: each live authorization in `ids` is marked revoked; its access and
 * refresh tokens, its unexchanged codes and its webhooks (queued deliveries included) go with it, and
 * each gets an `authorization_revoked` audit event. Already revoked ones are left alone.
 */
export async function endAuthorizations(ctx: PlatformContext, trx: Kysely<Database>, ids: string[], reason: string, actor?: AuditActor | null): Promise<EndedGrants> {
  const ended = nothingEnded();
  if (ids.length === 0) return ended;
  const now = ctx.now().toISOString();
  const live = await trx.selectFrom('authorizations').select(['id', 'workspace_id', 'app_id']).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
  for (const row of live) {
    const updated = await trx.updateTable('authorizations').set({ revoked_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) continue;
    const tokenIds = await revokeTokensWhere(ctx, trx, { authorizationId: row.id }, reason);
    await trx.updateTable('refresh_tokens').set({ revoked_at: now }).where('authorization_id', '=', row.id).where('revoked_at', 'is', null).execute();
    await trx.updateTable('authorization_codes').set({ consumed_at: now }).where('authorization_id', '=', row.id).where('consumed_at', 'is', null).execute();
    const webhookIds = await removeWebhooksOf(trx, { authorizationIds: [row.id] });
    await recordAudit(ctx, {
      workspaceId: row.workspace_id, actor, eventType: 'app_authorization', eventSubType: 'authorization_revoked',
      payload: { authorizationId: row.id, appId: row.app_id, reason, tokenIds, webhookIds },
    }, trx);
    ended.authorizationIds.push(row.id);
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
  const now = ctx.now().toISOString();
  const access = await trx.selectFrom('access_tokens').select('id').where('authorization_id', '=', authorizationId).where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).limit(1).execute();
  if (access.length) return nothingEnded();
  const refresh = await trx.selectFrom('refresh_tokens').select('digest').where('authorization_id', '=', authorizationId).where('revoked_at', 'is', null)
    .where('used_at', 'is', null).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).limit(1).execute();
  if (refresh.length) return nothingEnded();
  const codes = await trx.selectFrom('authorization_codes').select('digest').where('authorization_id', '=', authorizationId)
    .where('consumed_at', 'is', null).where('expires_at', '>', now).limit(1).execute();
  if (codes.length) return nothingEnded();
  return endAuthorizations(ctx, trx, [authorizationId], reason);
}
