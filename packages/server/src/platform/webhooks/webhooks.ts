import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, newSecret } from '../../crypto/tokens.js';
import { OutboundRefused } from '../../outbound/outbound-guard.js';
import type { WebhookRow } from '../../store/schema.js';
import { precompiled } from '../../store/precompiled-query.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, validation } from '../errors.js';
import { countOwnedWebhooks, type WebhookOwner } from './webhook-owners.js';
import { WEBHOOKS_PER_TRIGGER_PER_OWNER, type TriggerType } from './webhook-triggers.js';

/** docs/webflow-wire.md, "Webhooks" `Webhook`. */
export interface Webhook {
  id: string;
  triggerType: string;
  url: string;
  workspaceId: string;
  siteId: string;
  filter: { name: string } | null;
  lastTriggered: string | null;
  createdOn: string;
}

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  triggerType: row.trigger_type,
  url: row.url,
  workspaceId: row.workspace_id,
  siteId: row.site_id,
  filter: row.filter ? (JSON.parse(row.filter) as { name: string }) : null,
  lastTriggered: row.last_triggered,
  createdOn: row.created_at,
});

export type { WebhookOwner } from './webhook-owners.js';

/**
 * Webhook targets (docs/data-api.md, "Webhook targets"): an absolute https URL without credentials
 * that is not, and does not resolve to, a loopback, private or other non-public address; http and
 * private targets only where the outbound guard allows them.
 */
export async function checkWebhookUrl(ctx: PlatformContext, raw: string): Promise<string> {
  if (raw.length > 2048) throw validation('url', 'url must be at most 2048 characters');
  try {
    return (await ctx.outbound.checkTarget(raw)).href;
  } catch (err) {
    if (err instanceof OutboundRefused) throw validation('url', err.message);
    throw err;
  }
}

export interface NewWebhook {
  siteId: string;
  workspaceId: string;
  triggerType: TriggerType;
  url: string;
  filter: { name: string } | null;
  owner: WebhookOwner;
  /** Who made it, for the audit event (null: an API token or an operator). */
  actor?: AuditActor | null;
}

/** Creates a webhook; site-token webhooks get a secretKey, returned once in the clear and stored sealed. */
export async function createWebhook(ctx: PlatformContext, input: NewWebhook): Promise<{ webhook: Webhook; secretKey?: string }> {
  const url = await checkWebhookUrl(ctx, input.url);
  const secretKey = input.owner.appId === null ? newSecret(TOKEN_PREFIX.webhookSecret) : undefined;
  const row: WebhookRow = {
    id: newId(),
    site_id: input.siteId,
    workspace_id: input.workspaceId,
    app_id: input.owner.appId,
    access_token_id: input.owner.tokenId,
    authorization_id: input.owner.authorizationId ?? null,
    created_by_user_id: input.owner.userId ?? null,
    trigger_type: input.triggerType,
    url,
    filter: input.filter ? JSON.stringify({ name: input.filter.name }) : null,
    secret_key_encrypted: secretKey ? ctx.secrets.seal(secretKey) : null,
    active: 1,
    consecutive_failures: 0,
    created_at: isoNow(ctx),
    last_triggered: null,
  };
  await transactWithNotices(ctx, async (trx, notices) => {
    if (ctx.dialect === 'postgres') await trx.selectFrom('sites').select('id').where('id', '=', input.siteId).forUpdate().execute();
    // Per owner, so one app or token cannot use up a site's webhooks for everyone else.
    if ((await countOwnedWebhooks(trx, input.owner, input.siteId, input.triggerType)) >= WEBHOOKS_PER_TRIGGER_PER_OWNER) {
      throw new PlatformError(
        'limit_reached',
        `An app authorization or site token can have at most ${WEBHOOKS_PER_TRIGGER_PER_OWNER} webhooks per trigger type on a site`,
      );
    }
    await trx.insertInto('webhooks').values(row).execute();
    await recordAudit(ctx, webhookAudit(row, 'webhook_created', input.actor ?? null), trx);
    notices.sitesChanged([input.siteId]); // the cached webhook lists of the site
  });
  return secretKey ? { webhook: toWebhook(row), secretKey } : { webhook: toWebhook(row) };
}

/** Webhooks of a site visible to an owner: an app's own, or the site-token webhooks of that site. */
export async function listWebhooks(ctx: PlatformContext, siteId: string, appId: string | null): Promise<WebhookRow[]> {
  const { rows } = appId === null ? await siteTokenWebhooks(ctx.db, ctx.dialect, { siteId }) : await appWebhooks(ctx.db, ctx.dialect, { siteId, appId });
  return rows;
}

const siteTokenWebhooks = precompiled<'siteId', WebhookRow>((db, p) =>
  db
    .selectFrom('webhooks')
    .selectAll()
    .where('site_id', '=', p('siteId'))
    .where('app_id', 'is', null)
    .where('created_by_user_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id'),
);
const appWebhooks = precompiled<'siteId' | 'appId', WebhookRow>((db, p) =>
  db.selectFrom('webhooks').selectAll().where('site_id', '=', p('siteId')).where('app_id', '=', p('appId')).orderBy('created_at').orderBy('id'),
);
const webhookById = precompiled<'id', WebhookRow>((db, p) => db.selectFrom('webhooks').selectAll().where('id', '=', p('id')));

export async function findWebhook(ctx: PlatformContext, id: string): Promise<WebhookRow | undefined> {
  return (await webhookById(ctx.db, ctx.dialect, { id })).rows[0];
}

/**
 * Deletes a webhook with its delivery log, audited; a send of it under way is aborted (the `revoked`
 * notice names it), so nothing reaches its URL after this returns on this node.
 */
export async function deleteWebhook(ctx: PlatformContext, id: string, actor: AuditActor | null = null): Promise<void> {
  await transactWithNotices(ctx, async (trx, notices) => {
    const removed = await trx.deleteFrom('webhooks').where('id', '=', id).returningAll().executeTakeFirst();
    if (!removed) return;
    await recordAudit(ctx, webhookAudit(removed, 'webhook_removed', actor), trx);
    notices.sitesChanged([removed.site_id]);
    notices.revoked({ webhookIds: [id] });
  });
}

/** A webhook's audit event; the URL is reduced to its host, since a query string may carry a receiver's key. */
export const webhookAudit = (row: WebhookRow, eventSubType: string, actor: AuditActor | null, extra: Record<string, unknown> = {}) => ({
  workspaceId: row.workspace_id,
  siteId: row.site_id,
  actor,
  eventType: 'site_management' as const,
  eventSubType,
  payload: { webhookId: row.id, triggerType: row.trigger_type, host: new URL(row.url).host, ...extra },
});
