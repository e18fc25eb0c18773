import { getApp, listApps, findAppByClientId, type App } from '../platform/apps/apps.js';
import type { PlatformContext } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { getSite, type Site } from '../platform/sites/sites.js';
import { findUserByEmail, type User } from '../platform/accounts/users.js';
import { getWorkspace, type Workspace } from '../platform/workspaces/workspaces.js';

/** CLI arguments name things the way people remember them: workspaces by id or slug, sites by id or short name. */
export async function resolveWorkspace(ctx: PlatformContext, idOrSlug: string): Promise<Workspace> {
  return getWorkspace(ctx, idOrSlug.trim());
}

export async function resolveSite(ctx: PlatformContext, idOrShortName: string): Promise<Site> {
  const key = idOrShortName.trim();
  const row = await ctx.db
    .selectFrom('sites')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', key), eb('short_name', '=', key)]))
    .executeTakeFirst();
  if (!row) throw notFound(`Site "${key}"`);
  return getSite(ctx, row.id);
}

export async function resolveUser(ctx: PlatformContext, email: string): Promise<User> {
  const user = await findUserByEmail(ctx, email);
  if (!user) throw notFound(`User "${email.trim()}"`);
  return user;
}

/** Apps by id or client_id. */
export async function resolveApp(ctx: PlatformContext, idOrClientId: string): Promise<App> {
  const key = idOrClientId.trim();
  if (/^[0-9a-f]{64}$/.test(key)) {
    const app = await findAppByClientId(ctx, key);
    if (!app) throw notFound(`App "${key}"`);
    return app;
  }
  if (!/^[0-9a-f]{24}$/.test(key)) throw notFound(`App "${key}"`);
  return getApp(ctx, key);
}

export async function allApps(ctx: PlatformContext, workspaceIds: string[]): Promise<App[]> {
  return (await Promise.all(workspaceIds.map((id) => listApps(ctx, id)))).flat();
}
