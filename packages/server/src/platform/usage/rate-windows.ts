import type { PlatformContext } from '../context.js';
import { RATE_WINDOW_MS, rateKeyOfToken, type RateLimitStore } from '../caches/rate-limit.js';
import { rateLimitForPlan } from '../workspaces/workspaces.js';

/** A token's current rate-limit window (docs/webflow-wire.md, "Rate limits": per token, a fixed minute). */
export interface RateWindow {
  tokenId: string;
  limit: number;
  used: number;
  remaining: number;
  /** When the window ends and the count starts again (ISO 8601). */
  resetsAt: string;
}

/**
 * The windows of the given tokens as the Data API counts them: shared across nodes with Redis, this node's
 * own counters without it. Reads the counters without counting; one read for the workspaces' limits.
 */
export async function rateWindowsOf(
  ctx: PlatformContext,
  rateLimits: RateLimitStore,
  tokens: ReadonlyArray<{ id: string; workspaceId: string }>,
  now = ctx.now(),
): Promise<RateWindow[]> {
  if (tokens.length === 0) return [];
  const workspaceIds = [...new Set(tokens.map((t) => t.workspaceId))];
  const workspaces = await ctx.db.selectFrom('workspaces').select(['id', 'plan', 'api_rate_limit']).where('id', 'in', workspaceIds).execute();
  const limits = new Map(workspaces.map((w) => [w.id, w.api_rate_limit ?? rateLimitForPlan(w.plan)]));
  const nowMs = now.getTime();
  const used = await rateLimits.peek(
    tokens.map((t) => rateKeyOfToken(t.id)),
    nowMs,
  );
  const resetsAt = new Date((Math.floor(nowMs / RATE_WINDOW_MS) + 1) * RATE_WINDOW_MS).toISOString();
  return tokens.map((t, i) => {
    const limit = limits.get(t.workspaceId) ?? 0;
    const count = used[i] ?? 0;
    return { tokenId: t.id, limit, used: count, remaining: Math.max(0, limit - count), resetsAt };
  });
}

/** OAuth tokens of an app used within the last two minutes (last use is written about once a minute), most recent first. */
export async function recentlyUsedAppTokens(
  ctx: PlatformContext,
  appId: string,
  now = ctx.now(),
  max = 10,
): Promise<Array<{ id: string; workspaceId: string }>> {
  const since = new Date(now.getTime() - 2 * RATE_WINDOW_MS).toISOString();
  // Through the app's authorizations, both indexed, rather than a scan of every token.
  const rows = await ctx.db
    .selectFrom('authorizations as a')
    .innerJoin('access_tokens as t', 't.authorization_id', 'a.id')
    .innerJoin('token_last_used as u', 'u.token_id', 't.id')
    .select(['t.id as id', 't.workspace_id as workspace_id'])
    .where('a.app_id', '=', appId)
    .where('t.revoked_at', 'is', null)
    .where('u.last_used_at', '>=', since)
    .orderBy('u.last_used_at', 'desc')
    .limit(max)
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id }));
}

/** The live site and workspace tokens of a workspace, with their names, for its rate-limit view. */
export async function liveApiTokensOfWorkspace(ctx: PlatformContext, workspaceId: string): Promise<Array<{ id: string; workspaceId: string; name: string }>> {
  const rows = await ctx.db
    .selectFrom('access_tokens')
    .select(['id', 'workspace_id', 'name', 'kind'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '!=', 'oauth')
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, name: `${r.name ?? ''} (${r.kind} token)` }));
}
