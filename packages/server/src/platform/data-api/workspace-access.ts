import type { PlatformContext } from '../context.js';
import type { Principal } from '../tokens/token-lookup.js';

/**
 * The workspace named by id or slug when the token reaches the whole of it (a workspace authorization or
 * a workspace token); otherwise undefined, answered like a missing workspace so existence does not leak.
 */
export async function reachableWorkspace(
  ctx: PlatformContext,
  p: Principal,
  idOrSlug: string,
): Promise<{ id: string; slug: string; plan: string } | undefined> {
  const ws = await ctx.db
    .selectFrom('workspaces')
    .select(['id', 'slug', 'plan'])
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
  return ws && p.reachesWorkspace && ws.id === p.workspaceId ? ws : undefined;
}
