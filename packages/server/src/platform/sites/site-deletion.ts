import { recordAudit, type AuditActor } from '../audit/audit.js';
import { revokeAuthorizationIn } from '../authorization/authorizations.js';
import type { PlatformContext } from '../context.js';
import { notFound } from '../errors.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';

export interface SiteDeletion {
  siteId: string;
  revokedTokenIds: string[];
  revokedAuthorizationIds: string[];
  removedWebhookIds: string[];
}

/**
 * Deletes a site and, in the same transaction, everything whose access reached only it (docs/data-api.md,
 * "Delete Site"): its site tokens are revoked, every authorization that named only this site is revoked
 * with its tokens, its webhooks (and their queued deliveries) go, each with an audit event. Authorizations
 * that also name other sites keep those. The invalidation feed records it in the same transaction, so the
 * token and site caches of every node hear of it (this node's before this returns).
 */
export async function deleteSite(ctx: PlatformContext, siteId: string, actor?: AuditActor | null): Promise<SiteDeletion> {
  return transactWithNotices(ctx, async (trx, notices) => {
    const site = await trx.selectFrom('sites').select(['id', 'workspace_id', 'display_name', 'short_name']).where('id', '=', siteId).executeTakeFirst();
    if (!site) throw notFound('Site');
    const workspaceId = site.workspace_id;
    const now = ctx.now().toISOString();

    const siteTokens = await trx
      .selectFrom('access_tokens')
      .select(['id', 'name'])
      .where('kind', '=', 'site')
      .where('site_id', '=', siteId)
      .where('revoked_at', 'is', null)
      .execute();
    if (siteTokens.length > 0) {
      await trx
        .updateTable('access_tokens')
        .set({ revoked_at: now })
        .where(
          'id',
          'in',
          siteTokens.map((t) => t.id),
        )
        .execute();
    }
    for (const token of siteTokens) {
      await recordAudit(
        ctx,
        { workspaceId, siteId, actor, eventType: 'access_token', eventSubType: 'site_token_revoked', payload: { tokenId: token.id, reason: 'site_deleted' } },
        trx,
      );
    }

    const named = await trx
      .selectFrom('authorization_sites as s')
      .innerJoin('authorizations as a', 'a.id', 's.authorization_id')
      .select('a.id')
      .where('s.site_id', '=', siteId)
      .where('a.revoked_at', 'is', null)
      .execute();
    const authorizationIds: string[] = [];
    const oauthTokenIds: string[] = [];
    for (const { id } of named) {
      const others = await trx
        .selectFrom('authorization_sites')
        .select('site_id')
        .where('authorization_id', '=', id)
        .where('site_id', '!=', siteId)
        .executeTakeFirst();
      if (others) continue;
      const revoked = await revokeAuthorizationIn(ctx, trx, id, actor, 'site_deleted');
      authorizationIds.push(id);
      oauthTokenIds.push(...revoked.tokenIds);
    }

    const webhooks = await trx.selectFrom('webhooks').select(['id', 'trigger_type']).where('site_id', '=', siteId).execute();
    for (const hook of webhooks) {
      await recordAudit(
        ctx,
        {
          workspaceId,
          siteId,
          actor,
          eventType: 'site_management',
          eventSubType: 'webhook_removed',
          payload: { webhookId: hook.id, triggerType: hook.trigger_type, reason: 'site_deleted' },
        },
        trx,
      );
    }

    // Domains, comments, webhooks and their deliveries, site-token rows and the site's place in other
    // authorizations go with the row (ON DELETE CASCADE); audit events keep the site id.
    await trx.deleteFrom('sites').where('id', '=', siteId).execute();
    await recordAudit(
      ctx,
      {
        workspaceId,
        siteId,
        actor,
        eventType: 'site_management',
        eventSubType: 'site_deleted',
        payload: {
          displayName: site.display_name,
          shortName: site.short_name,
          tokenIds: siteTokens.map((t) => t.id),
          authorizationIds,
          webhookIds: webhooks.map((h) => h.id),
        },
      },
      trx,
    );
    const result = {
      siteId,
      revokedTokenIds: [...siteTokens.map((t) => t.id), ...oauthTokenIds],
      revokedAuthorizationIds: authorizationIds,
      removedWebhookIds: webhooks.map((h) => h.id),
    };
    notices.revoked({ tokenIds: result.revokedTokenIds, authorizationIds: result.revokedAuthorizationIds });
    notices.sitesChanged([siteId], [workspaceId]);
    return result;
  });
}
