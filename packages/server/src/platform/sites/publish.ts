import type { CustomDomainRow } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { toDomain, type Domain } from './sites.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { enqueueWebhookEvent } from '../webhooks/webhook-delivery.js';

/** docs/webflow-wire.md, "Sites": one successful publish per minute per site. */
export const PUBLISH_INTERVAL_MS = 60_000;

export type PublishOutcome =
  | { ok: true; customDomains: Domain[]; publishToWebflowSubdomain: boolean; webhooksQueued: number }
  | { ok: false; reason: 'no_domains' | 'invalid_domain' | 'too_soon'; retryAfterSeconds?: number };

/**
 * Publishes a site to the chosen custom domains and/or its subdomain. The once-a-minute rule is enforced
 * by a conditional UPDATE (never read-then-write), so concurrent publishes on any node let exactly one
 * through. `site_publish` webhooks are queued, and the publish audited, in the same transaction; the
 * delivery worker sends them.
 */
export async function publishSite(
  ctx: PlatformContext,
  site: { id: string; workspaceId: string; shortName: string },
  request: { customDomains: string[]; publishToWebflowSubdomain: boolean },
  publishedBy: { displayName: string } | null,
  actor: AuditActor | null = null,
): Promise<PublishOutcome> {
  const domainIds = [...new Set(request.customDomains)];
  if (domainIds.length === 0 && !request.publishToWebflowSubdomain) return { ok: false, reason: 'no_domains' };
  const now = ctx.now();
  const at = now.toISOString();
  const notBefore = new Date(now.getTime() - PUBLISH_INTERVAL_MS).toISOString();
  const outcome = await transactWithNotices(ctx, async (trx, notices): Promise<PublishOutcome> => {
    let domains: CustomDomainRow[] = [];
    if (domainIds.length > 0) {
      domains = await trx.selectFrom('custom_domains').selectAll().where('site_id', '=', site.id).where('id', 'in', domainIds).execute();
      if (domains.length !== domainIds.length) return { ok: false, reason: 'invalid_domain' };
    }
    const claimed = await trx
      .updateTable('sites')
      .set({ last_published: at })
      .where('id', '=', site.id)
      .where((eb) => eb.or([eb('last_published', 'is', null), eb('last_published', '<=', notBefore)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      const row = await trx.selectFrom('sites').select('last_published').where('id', '=', site.id).executeTakeFirst();
      const waitMs = row?.last_published ? Date.parse(row.last_published) + PUBLISH_INTERVAL_MS - now.getTime() : PUBLISH_INTERVAL_MS;
      return { ok: false, reason: 'too_soon', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    if (domainIds.length > 0) await trx.updateTable('custom_domains').set({ last_published: at }).where('id', 'in', domainIds).execute();
    const urls = domains.map((d) => d.url);
    if (request.publishToWebflowSubdomain) urls.push(`${site.shortName}.webflow.io`);
    notices.sitesChanged([site.id]);
    const webhooksQueued = await enqueueWebhookEvent(ctx, trx, {
      siteId: site.id,
      triggerType: 'site_publish',
      payload: { siteId: site.id, publishedOn: at, domains: urls, publishedBy },
    });
    await recordAudit(
      ctx,
      {
        workspaceId: site.workspaceId,
        siteId: site.id,
        actor,
        eventType: 'site_management',
        eventSubType: 'site_published',
        payload: { domains: urls, webhooksQueued },
      },
      trx,
    );
    return {
      ok: true,
      customDomains: domains.map((d) => toDomain({ ...d, last_published: at })),
      publishToWebflowSubdomain: request.publishToWebflowSubdomain,
      webhooksQueued,
    };
  });
  if (outcome.ok && outcome.webhooksQueued > 0) ctx.events.emit('webhooks.due');
  return outcome;
}
