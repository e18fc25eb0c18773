import { recordAudit, type AuditActor } from '../../../platform/audit.js';
import { isoNow, type PlatformContext } from '../../../platform/context.js';

/**
 * The dashboard's publish button. It records the publish on the site and all its custom domains and
 * audits it. It does not yet fire `site_publish` webhooks: that belongs to the Data API's publish
 * operation, which this should call once it exists in the platform layer.
 */
export async function publishSiteFromDashboard(ctx: PlatformContext, site: { id: string; workspaceId: string }, actor: AuditActor): Promise<void> {
  const now = isoNow(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('sites').set({ last_published: now, last_updated: now }).where('id', '=', site.id).execute();
    await trx.updateTable('custom_domains').set({ last_published: now }).where('site_id', '=', site.id).execute();
    await recordAudit(ctx, { workspaceId: site.workspaceId, siteId: site.id, actor, eventType: 'site_management', eventSubType: 'site_published', payload: {} }, trx);
  });
}
