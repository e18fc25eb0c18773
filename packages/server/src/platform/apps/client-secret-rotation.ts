import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation } from '../errors.js';

/** The longest a previous client secret may keep working after a rotation (docs/dashboard.md, "Rotating the client secret"). */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 60 * 60;

/** The overlaps the dashboard offers; the CLI and the admin API take any number of seconds up to the bound. */
export const SECRET_OVERLAP_CHOICES: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 0, label: 'None: the current secret stops working at once' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 24 * 60 * 60, label: '24 hours' },
  { seconds: 7 * 24 * 60 * 60, label: '7 days' },
];

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `none`, `0`, or a number with a unit (`90m`, `24h`, `7d`) as seconds; the bound is checked by `rotateClientSecret`. */
export function overlapSecondsOf(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '0') return 0;
  const match = /^(\d{1,7})\s*([smhd])$/.exec(trimmed);
  if (!match) throw validation('overlap', 'Overlap must be none, or a duration such as 1h, 24h or 7d');
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

function checkOverlap(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SECRET_OVERLAP_SECONDS) {
    throw validation('overlap', 'Overlap must be between none and 7 days');
  }
  return seconds;
}

/** When the previous secret stops working, or null when there is none (or its time has passed). */
export function livePreviousSecretUntil(row: { previous_secret_digest?: string | null; previous_secret_expires_at?: string | null }, now: Date): string | null {
  if (!row.previous_secret_digest || !row.previous_secret_expires_at) return null;
  return Date.parse(row.previous_secret_expires_at) > now.getTime() ? row.previous_secret_expires_at : null;
}

export interface Rotation {
  clientSecret: string;
  /** Until when the secret in use before this rotation keeps working; null when it stopped at once. */
  previousSecretExpiresAt: string | null;
}

/**
 * Issues a new client secret. With an overlap, the secret in use until now keeps authenticating the app
 * until the overlap ends; it is kept as its digest only, since nothing shows a previous secret again
 * (docs/adr/0021-client-secret-overlap-and-token-expiry.md). Without an overlap, it stops at once. Rotating again while an overlap runs replaces the previous secret with the one in
 * use until now: at most two secrets work at a time, and the oldest stops at once. Either way the client
 * caches forget the app in the same transaction (platform/apps/oauth-client-cache.ts).
 */
export async function rotateClientSecret(
  ctx: PlatformContext,
  appId: string,
  actor?: AuditActor | null,
  options: { overlapSeconds?: number } = {},
): Promise<Rotation> {
  const overlapSeconds = checkOverlap(options.overlapSeconds ?? 0);
  const clientSecret = newSecret(TOKEN_PREFIX.clientSecret);
  const now = ctx.now();
  const previousSecretExpiresAt = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000).toISOString() : null;
  await transactWithNotices(ctx, async (trx, notices) => {
    const current = await trx.selectFrom('apps').select(['workspace_id', 'client_secret_digest']).where('id', '=', appId).executeTakeFirst();
    if (!current) throw notFound('App');
    notices.revoked({ appIds: [appId] });
    await trx
      .updateTable('apps')
      .set({
        client_secret_digest: digest(clientSecret),
        client_secret_encrypted: ctx.secrets.seal(clientSecret),
        previous_secret_digest: previousSecretExpiresAt ? current.client_secret_digest : null,
        previous_secret_encrypted: null,
        previous_secret_expires_at: previousSecretExpiresAt,
        updated_at: now.toISOString(),
      })
      .where('id', '=', appId)
      .execute();
    await recordAudit(
      ctx,
      {
        workspaceId: current.workspace_id,
        actor,
        eventType: 'app_management',
        eventSubType: 'client_secret_rotated',
        payload: { appId, overlapSeconds, previousSecretExpiresAt },
      },
      trx,
    );
  });
  return { clientSecret, previousSecretExpiresAt };
}

/**
 * Ends a rotation's overlap early: the previous secret stops working at once, on this node and (through
 * the invalidation feed) on every other. A conflict when no previous secret is still working.
 */
export async function revokePreviousClientSecret(ctx: PlatformContext, appId: string, actor?: AuditActor | null): Promise<void> {
  await transactWithNotices(ctx, async (trx, notices) => {
    const app = await trx.selectFrom('apps').select('workspace_id').where('id', '=', appId).executeTakeFirst();
    if (!app) throw notFound('App');
    const result = await trx
      .updateTable('apps')
      .set({ previous_secret_digest: null, previous_secret_encrypted: null, previous_secret_expires_at: null, updated_at: isoNow(ctx) })
      .where('id', '=', appId)
      .where('previous_secret_digest', 'is not', null)
      .where('previous_secret_expires_at', '>', isoNow(ctx))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new PlatformError('conflict', 'This app has no previous client secret that still works');
    notices.revoked({ appIds: [appId] });
    await recordAudit(
      ctx,
      { workspaceId: app.workspace_id, actor, eventType: 'app_management', eventSubType: 'previous_client_secret_revoked', payload: { appId } },
      trx,
    );
  });
}
