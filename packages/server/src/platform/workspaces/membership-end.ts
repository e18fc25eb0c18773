import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { endAuthorizations, nothingEnded, type EndedGrants } from './ending-grants.js';
import { removeWebhooksOf } from '../webhooks/webhook-owners.js';
import { webhookAudit } from '../webhooks/webhooks.js';

/**
 * Access ends with membership (docs/dashboard.md, "When someone leaves or is demoted"): what a user
 * granted in a workspace while an admin there (app authorizations, the site and workspace tokens
 * they created, and the webhooks they made in the dashboard) ends when they are removed or lose the admin role.
 */
export interface GrantsOfMember {
  authorizationIds: string[];
  /** Site and workspace tokens the user created in the workspace. */
  apiTokenIds: string[];
  /** Webhooks the user made in the workspace's dashboard (docs/adr/0022-dashboard-webhooks.md). */
  webhookIds: string[];
}

export async function liveGrantsOf(db: Kysely<Database>, workspaceId: string, userId: string): Promise<GrantsOfMember> {
  const authorizations = await db
    .selectFrom('authorizations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  const tokens = await db
    .selectFrom('access_tokens')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('created_by', '=', userId)
    .where('kind', '!=', 'oauth')
    .where('revoked_at', 'is', null)
    .execute();
  const webhooks = await db
    .selectFrom('webhooks')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'is', null)
    .where('created_by_user_id', '=', userId)
    .execute();
  return { authorizationIds: authorizations.map((r) => r.id), apiTokenIds: tokens.map((r) => r.id), webhookIds: webhooks.map((r) => r.id) };
}

/** How many grants a removal or demotion would end now, for the confirmation step. */
export async function grantsEndingWith(
  ctx: PlatformContext,
  workspaceId: string,
  userId: string,
): Promise<{ authorizations: number; apiTokens: number; webhooks: number }> {
  const grants = await liveGrantsOf(ctx.db, workspaceId, userId);
  return { authorizations: grants.authorizationIds.length, apiTokens: grants.apiTokenIds.length, webhooks: grants.webhookIds.length };
}

/**
 * Inside the membership change's transaction: ends every live grant of the user in the workspace, with
 * tokens, refresh tokens, unexchanged codes and webhooks, each audited. The caller announces the result.
 */
export async function endGrantsOfMember(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  workspaceId: string,
  userId: string,
  reason: string,
  actor?: AuditActor | null,
): Promise<{ ended: EndedGrants; apiTokens: number }> {
  const grants = await liveGrantsOf(trx, workspaceId, userId);
  const ended = grants.authorizationIds.length ? await endAuthorizations(ctx, trx, grants.authorizationIds, reason, actor) : nothingEnded();
  if (grants.apiTokenIds.length) {
    const now = ctx.now().toISOString();
    const rows = await trx.selectFrom('access_tokens').select(['id', 'kind', 'site_id']).where('id', 'in', grants.apiTokenIds).execute();
    await trx.updateTable('access_tokens').set({ revoked_at: now }).where('id', 'in', grants.apiTokenIds).where('revoked_at', 'is', null).execute();
    const webhookIds = await removeWebhooksOf(trx, { siteTokenIds: grants.apiTokenIds });
    for (const row of rows) {
      await recordAudit(
        ctx,
        { workspaceId, siteId: row.site_id, actor, eventType: 'access_token', eventSubType: `${row.kind}_token_revoked`, payload: { tokenId: row.id, reason } },
        trx,
      );
    }
    ended.tokenIds.push(...grants.apiTokenIds);
    ended.webhookIds.push(...webhookIds);
  }
  if (grants.webhookIds.length) {
    const rows = await trx.selectFrom('webhooks').selectAll().where('id', 'in', grants.webhookIds).execute();
    for (const row of rows) await recordAudit(ctx, webhookAudit(row, 'webhook_removed', actor ?? null, { reason }), trx);
    ended.webhookIds.push(...(await removeWebhooksOf(trx, { workspaceId, creatorId: userId })));
  }
  return { ended, apiTokens: grants.apiTokenIds.length };
}
