import type { PlatformContext } from '../context.js';

/** Users by id, read in one query, for rendering the people an event or object names. */
export async function userDirectory(
  ctx: PlatformContext,
  ids: string[],
): Promise<{ user(id: string): { id: string; email?: string }; name(id: string): string | undefined }> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await ctx.db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name']).where('id', 'in', unique).execute() : [];
  const byId = new Map(rows.map((u) => [u.id, u]));
  return {
    user: (id) => (byId.has(id) ? { id, email: byId.get(id)!.email } : { id }),
    name: (id) => {
      const u = byId.get(id);
      return u ? `${u.first_name} ${u.last_name}`.trim() || u.email : undefined;
    },
  };
}
