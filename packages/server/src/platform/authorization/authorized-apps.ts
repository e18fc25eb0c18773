import type { PlatformContext } from '../context.js';
import { notFound } from '../errors.js';

/** An app a user installed onto a workspace or some of its sites (docs/design.md, "Domain" "Authorization"). */
export interface AuthorizedApp {
  id: string;
  appId: string;
  appName: string;
  workspaceId: string;
  userId: string;
  userEmail: string;
  userName: string;
  target: 'workspace' | 'sites';
  sites: Array<{ id: string; displayName: string }>;
  scopes: string[];
  createdOn: string;
  /** When the user last answered the consent screen again for it (it was updated in place), or null. */
  updatedOn: string | null;
  /** The latest use of any access token issued under it, or null when none was used yet. */
  lastUsedOn: string | null;
}

export type AuthorizedAppsOwner = { workspaceId: string } | { siteId: string };

/**
 * Live authorizations of a workspace, or those reaching one site: the ones that picked it, and the
 * whole-workspace ones of its workspace (they reach every site in it).
 */
export async function listAuthorizedApps(ctx: PlatformContext, owner: AuthorizedAppsOwner): Promise<AuthorizedApp[]> {
  let query = ctx.db
    .selectFrom('authorizations')
    .innerJoin('apps', 'apps.id', 'authorizations.app_id')
    .innerJoin('users', 'users.id', 'authorizations.user_id')
    .selectAll('authorizations')
    .select(['apps.name as app_name', 'users.email', 'users.first_name', 'users.last_name'])
    .select((eb) =>
      eb
        .selectFrom('access_tokens')
        .innerJoin('token_last_used', 'token_last_used.token_id', 'access_tokens.id')
        .select((t) => t.fn.max('token_last_used.last_used_at').as('u'))
        .whereRef('access_tokens.authorization_id', '=', 'authorizations.id')
        .as('last_used_at'),
    )
    .where('authorizations.revoked_at', 'is', null);
  if ('workspaceId' in owner) {
    query = query.where('authorizations.workspace_id', '=', owner.workspaceId);
  } else {
    const site = await ctx.db.selectFrom('sites').select('workspace_id').where('id', '=', owner.siteId).executeTakeFirst();
    if (!site) throw notFound('Site');
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('authorizations.target', '=', 'workspace'), eb('authorizations.workspace_id', '=', site.workspace_id)]),
        eb('authorizations.id', 'in', eb.selectFrom('authorization_sites').select('authorization_id').where('site_id', '=', owner.siteId)),
      ]),
    );
  }
  const rows = await query.orderBy('authorizations.created_at', 'desc').orderBy('authorizations.id').execute();
  if (rows.length === 0) return [];
  const picked = await ctx.db
    .selectFrom('authorization_sites')
    .innerJoin('sites', 'sites.id', 'authorization_sites.site_id')
    .select(['authorization_sites.authorization_id', 'sites.id', 'sites.display_name'])
    .where(
      'authorization_sites.authorization_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('sites.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    appId: r.app_id,
    appName: r.app_name,
    workspaceId: r.workspace_id,
    userId: r.user_id,
    userEmail: r.email,
    userName: `${r.first_name} ${r.last_name}`.trim(),
    target: r.target,
    sites: picked.filter((p) => p.authorization_id === r.id).map((p) => ({ id: p.id, displayName: p.display_name })),
    scopes: r.scopes.split(' ').filter(Boolean),
    createdOn: r.created_at,
    updatedOn: r.updated_at ?? null,
    lastUsedOn: (r.last_used_at as string | null | undefined) ?? null,
  }));
}

export async function getAuthorizedApp(ctx: PlatformContext, authorizationId: string): Promise<AuthorizedApp> {
  const row = await ctx.db
    .selectFrom('authorizations')
    .select('workspace_id')
    .where('id', '=', authorizationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('Authorization');
  const found = (await listAuthorizedApps(ctx, { workspaceId: row.workspace_id })).find((a) => a.id === authorizationId);
  if (!found) throw notFound('Authorization');
  return found;
}

/** Revoking an authorized app is the same uninstall the OAuth revoke endpoint performs. */
export { revokeAuthorization } from './authorizations.js';
