import type { AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { FieldProblems, notFound } from '../errors.js';
import { checkWebhookUrl, createWebhook, toWebhook, type Webhook } from './webhooks.js';
import { isTriggerType, TRIGGER_TYPES } from './webhook-triggers.js';

/** Who a webhook belongs to, as the dashboard names it (docs/adr/0022-dashboard-webhooks.md). */
export interface WebhookOwnerLabel {
  kind: 'app' | 'site_token' | 'admin' | 'operator';
  /** The app's name, the site token's name, the admin's email; empty for an operator's. */
  name: string;
  /** For an app's: who installed it. */
  via?: string | undefined;
}

/** A webhook of a site with what the dashboard shows beside Webflow's fields. */
export interface SiteWebhook extends Webhook {
  active: boolean;
  owner: WebhookOwnerLabel;
}

function baseQuery(ctx: PlatformContext) {
  return ctx.db
    .selectFrom('webhooks as w')
    .leftJoin('apps as a', 'a.id', 'w.app_id')
    .leftJoin('authorizations as g', 'g.id', 'w.authorization_id')
    .leftJoin('users as installer', 'installer.id', 'g.user_id')
    .leftJoin('access_tokens as t', 't.id', 'w.access_token_id')
    .leftJoin('users as maker', 'maker.id', 'w.created_by_user_id')
    .selectAll('w')
    .select(['a.name as app_name', 'installer.email as installer_email', 't.name as token_name', 'maker.email as maker_email']);
}

type Joined = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function ownerOf(r: Joined): WebhookOwnerLabel {
  if (r.app_id !== null) return { kind: 'app', name: r.app_name ?? '', via: r.installer_email ?? undefined };
  if (r.created_by_user_id) return { kind: 'admin', name: r.maker_email ?? '' };
  if (r.access_token_id !== null) return { kind: 'site_token', name: r.token_name ?? 'site token' };
  return { kind: 'operator', name: '' };
}

const toSiteWebhook = (r: Joined): SiteWebhook => ({ ...toWebhook(r), active: r.active === 1, owner: ownerOf(r) });

/** Every webhook of a site, whoever made it, oldest first: what a workspace sees on the site's Webhooks tab. */
export async function siteWebhooks(ctx: PlatformContext, siteId: string): Promise<SiteWebhook[]> {
  const rows = await baseQuery(ctx).where('w.site_id', '=', siteId).orderBy('w.created_at').orderBy('w.id').execute();
  return rows.map(toSiteWebhook);
}

/** One webhook of this site; any other id (or one of another site) is not found. */
export async function siteWebhook(ctx: PlatformContext, siteId: string, webhookId: string): Promise<SiteWebhook> {
  const row = await baseQuery(ctx).where('w.id', '=', webhookId).where('w.site_id', '=', siteId).executeTakeFirst();
  if (!row) throw notFound('Webhook');
  return toSiteWebhook(row);
}

export interface NewDashboardWebhook {
  site: { id: string; workspaceId: string };
  /** The workspace admin making it: its owner from now on. */
  user: { id: string; email: string };
  triggerType: string;
  url: string;
  /** A form name, for `form_submission` only (docs/webflow-wire.md, "Webhooks"). */
  filterName: string;
  actor: AuditActor;
}

/**
 * Creates a webhook owned by the admin who made it (the caller has checked the role with
 * `requireWebhookManager`). Every problem of the form is reported at once; the URL passes the same
 * outbound guard as the Data API's. Signed with its own secret, returned once.
 */
export async function createDashboardWebhook(ctx: PlatformContext, input: NewDashboardWebhook): Promise<{ webhook: Webhook; secretKey: string }> {
  const problems = new FieldProblems();
  const triggerType = isTriggerType(input.triggerType) ? input.triggerType : undefined;
  if (!triggerType) problems.add('triggerType', `Pick one of the ${TRIGGER_TYPES.length} trigger types in the list`);
  const url = input.url.trim();
  if (url === '') problems.add('url', 'Enter the https URL that receives the events');
  else await problems.checkAsync(() => checkWebhookUrl(ctx, url));
  const filterName = input.filterName.trim();
  if (filterName.length > 256) problems.add('filter', 'A form name has at most 256 characters');
  else if (filterName !== '' && triggerType && triggerType !== 'form_submission') {
    problems.add('filter', 'A filter applies to form_submission webhooks only; leave it empty');
  }
  problems.throwIfAny();
  const created = await createWebhook(ctx, {
    siteId: input.site.id,
    workspaceId: input.site.workspaceId,
    triggerType: triggerType!,
    url,
    filter: filterName ? { name: filterName } : null,
    owner: { appId: null, tokenId: null, userId: input.user.id },
    actor: input.actor,
  });
  return { webhook: created.webhook, secretKey: created.secretKey! };
}
