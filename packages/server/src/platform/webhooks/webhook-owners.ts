import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Principal } from '../tokens/token-lookup.js';

/**
 * Who owns a webhook (docs/data-api.md, "Webhooks follow their grant"): the authorization an OAuth
 * token came from, the site token itself, or the workspace admin who made it in the dashboard
 * (docs/adr/0022-dashboard-webhooks.md). The owner is the quota key, and the webhook ends with it.
 */
export interface WebhookOwner {
  /** The OAuth app whose client secret signs deliveries; null for site-token webhooks. */
  appId: string | null;
  /** The token that created it (null for webhooks made without one, e.g. by operators). */
  tokenId: string | null;
  /** The owning authorization (OAuth), or null (site tokens own their webhooks themselves). */
  authorizationId?: string | null;
  /** The workspace admin who made it in the dashboard (no app, no token). */
  userId?: string | null;
}

export const webhookOwnerOf = (p: Principal): WebhookOwner =>
  p.kind === 'oauth' ? { appId: p.appId, tokenId: p.tokenId, authorizationId: p.authorizationId } : { appId: null, tokenId: p.tokenId, authorizationId: null };

/**
 * Which webhooks a token may see and remove: its app's on the site (deliveries are signed with the app's
 * secret, whoever installed it), or the site-token webhooks of the site. Webhooks made in the dashboard
 * are no token's: the Data API lists only API-made webhooks, as Webflow's does.
 */
export const mayManageWebhook = (p: Principal, row: { app_id: string | null; created_by_user_id?: string | null | undefined }): boolean =>
  row.app_id === webhookOwnerOf(p).appId && (row.app_id !== null || !row.created_by_user_id);

/** Webhooks of this owner on a site for one trigger type: what the per-owner quota counts. */
export async function countOwnedWebhooks(db: Kysely<Database>, owner: WebhookOwner, siteId: string, triggerType: string): Promise<number> {
  let query = db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('site_id', '=', siteId)
    .where('trigger_type', '=', triggerType);
  if (owner.authorizationId) query = query.where('authorization_id', '=', owner.authorizationId);
  else if (owner.userId) query = query.where('app_id', 'is', null).where('created_by_user_id', '=', owner.userId);
  else if (owner.appId !== null) query = query.where('app_id', '=', owner.appId).where('authorization_id', 'is', null);
  else
    query =
      owner.tokenId === null
        ? query.where('app_id', 'is', null).where('access_token_id', 'is', null).where('created_by_user_id', 'is', null)
        : query.where('app_id', 'is', null).where('access_token_id', '=', owner.tokenId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Inside the caller's transaction: deletes the webhooks of ended authorizations, revoked site tokens or an
 * admin who lost the role in a workspace,
 * with their queued deliveries, so nothing more is sent for them. Returns the webhook ids.
 */
export async function removeWebhooksOf(
  trx: Kysely<Database>,
  owner: { authorizationIds: string[] } | { siteTokenIds: string[] } | { workspaceId: string; creatorId: string },
): Promise<string[]> {
  let query = trx.selectFrom('webhooks').select('id');
  if ('creatorId' in owner) {
    query = query.where('workspace_id', '=', owner.workspaceId).where('app_id', 'is', null).where('created_by_user_id', '=', owner.creatorId);
  } else if ('authorizationIds' in owner) {
    if (owner.authorizationIds.length === 0) return [];
    query = query.where('authorization_id', 'in', owner.authorizationIds);
  } else {
    if (owner.siteTokenIds.length === 0) return [];
    query = query.where('app_id', 'is', null).where('access_token_id', 'in', owner.siteTokenIds);
  }
  return removeWebhooks(
    trx,
    (await query.execute()).map((r) => r.id),
  );
}

/** Deletes these webhooks and their queued deliveries; answers the ids. */
export async function removeWebhooks(trx: Kysely<Database>, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  await trx.deleteFrom('webhook_deliveries').where('webhook_id', 'in', ids).execute();
  await trx.deleteFrom('webhooks').where('id', 'in', ids).execute();
  return ids;
}
