import type { Role } from '../../domain.js';
import { isApiTokenExpired } from '../tokens/api-tokens.js';
import { canManageWebhooks } from '../workspaces/workspace-roles.js';
import type { PlatformContext } from '../context.js';
import type { RevokedNotice } from '../caches/events.js';

/** A send the delivery worker has under way, and whether a revocation notice ends its grant. */
export interface InFlightSend {
  webhookId: string;
  controller: AbortController;
  endedBy(notice: RevokedNotice): boolean;
}

/**
 * A webhook with what its owner's liveness depends on, read right before each send (docs/data-api.md,
 * "Webhooks follow their grant"): the authorization of an OAuth webhook, the site token of a
 * site-token webhook, or the role its maker holds now for a webhook made in the dashboard.
 */
export async function webhookWithOwner(ctx: PlatformContext, webhookId: string) {
  const row = await ctx.db
    .selectFrom('webhooks as w')
    .leftJoin('apps as a', 'a.id', 'w.app_id')
    .leftJoin('authorizations as g', 'g.id', 'w.authorization_id')
    .leftJoin('access_tokens as t', 't.id', 'w.access_token_id')
    .leftJoin('token_last_used as u', 'u.token_id', 'w.access_token_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.workspace_id', '=', 'w.workspace_id').onRef('m.user_id', '=', 'w.created_by_user_id'))
    .select([
      'w.url',
      'w.active',
      'w.secret_key_encrypted',
      'w.app_id',
      'w.authorization_id',
      'w.access_token_id',
      'w.created_by_user_id',
      'm.role as creator_role',
      'a.client_secret_encrypted',
      'g.revoked_at as authorization_revoked_at',
      't.kind as token_kind',
      't.revoked_at as token_revoked_at',
      't.created_at as token_created_at',
      'u.last_used_at as token_last_used_at',
      't.expires_at as token_expires_at',
    ])
    .where('w.id', '=', webhookId)
    .executeTakeFirst();
  if (!row) return undefined;
  const endedBy = (notice: RevokedNotice): boolean =>
    (notice.webhookIds ?? []).includes(webhookId) ||
    (row.authorization_id != null && (notice.authorizationIds ?? []).includes(row.authorization_id)) ||
    (row.app_id === null && row.access_token_id !== null && (notice.tokenIds ?? []).includes(row.access_token_id)) ||
    (row.app_id !== null && (notice.appIds ?? []).includes(row.app_id));
  return { ...row, endedBy };
}

type OwnedWebhook = NonNullable<Awaited<ReturnType<typeof webhookWithOwner>>>;

/**
 * Whether the grant behind a webhook still stands: its authorization, its site token (revoked, past its fixed
 * expiry, or unused for 365 days), or its maker's role in the workspace (docs/adr/0022-dashboard-webhooks.md).
 */
export function isWebhookOwnerLive(hook: OwnedWebhook, now: Date): boolean {
  if (hook.authorization_id != null) return hook.authorization_revoked_at === null;
  if (hook.created_by_user_id != null) return canManageWebhooks((hook.creator_role as Role | null) ?? undefined);
  if (hook.app_id !== null || hook.access_token_id === null) return true;
  if (hook.token_kind === null || hook.token_revoked_at !== null) return false;
  return !isApiTokenExpired(
    { kind: hook.token_kind, created_at: hook.token_created_at!, last_used_at: hook.token_last_used_at, expires_at: hook.token_expires_at },
    now,
  );
}
