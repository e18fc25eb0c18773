import type { AuditActor } from '../../../platform/audit/audit.js';
import type { PlatformContext } from '../../../platform/context.js';
import { publishSite, type PublishOutcome } from '../../../platform/sites/publish.js';
import type { Site } from '../../../platform/sites/sites.js';
import type { User } from '../../../platform/accounts/users.js';

/**
 * The dashboard's publish button: publishes to every custom domain and the subdomain through the same
 * platform operation as `POST /v2/sites/{id}/publish` (once a minute per site, `site_publish` webhooks
 * queued, audited).
 */
export async function publishFromDashboard(ctx: PlatformContext, site: Site, user: User, actor: AuditActor): Promise<PublishOutcome> {
  const outcome = await publishSite(
    ctx,
    site,
    { customDomains: site.customDomains.map((d) => d.id), publishToWebflowSubdomain: true },
    { displayName: `${user.firstName} ${user.lastName}`.trim() || user.email },
    actor,
  );
  return outcome;
}
