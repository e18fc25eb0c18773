import type { PlatformContext } from '../platform/context.js';
import type { Principal } from '../platform/token-lookup.js';

/** docs/webflow-wire.md, "Token introspection and the authorizing user" introspect body for an OAuth token. */
export async function describeAuthorization(ctx: PlatformContext, p: Principal) {
  if (!p.authorizationId || !p.appId) return undefined;
  const row = await ctx.db
    .selectFrom('authorizations as a')
    .innerJoin('apps as app', 'app.id', 'a.app_id')
    .select(['a.id', 'a.created_at', 'a.user_id', 'a.target', 'a.workspace_id', 'app.id as app_id', 'app.name', 'app.description', 'app.homepage'])
    .where('a.id', '=', p.authorizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const sites = row.target === 'workspace'
    ? await ctx.db.selectFrom('sites').select('id').where('workspace_id', '=', row.workspace_id).orderBy('created_at').execute()
    : await ctx.db.selectFrom('authorization_sites').select('site_id as id').where('authorization_id', '=', row.id).execute();
  return {
    authorization: {
      id: row.id,
      createdOn: row.created_at,
      lastUsed: p.lastUsedAt,
      grantType: 'authorization_code',
      rateLimit: p.rateLimit,
      scope: [...p.scopes].join(','),
      authorizedTo: {
        siteIds: sites.map((s) => s.id),
        workspaceIds: row.target === 'workspace' ? [row.workspace_id] : [],
        userIds: [row.user_id],
      },
    },
    application: { id: row.app_id, description: row.description, homepage: row.homepage, displayName: row.name },
  };
}

/** docs/webflow-wire.md, "Token introspection and the authorizing user": the user who authorized the app. */
export async function authorizationOwner(ctx: PlatformContext, p: Principal) {
  if (!p.userId) return undefined;
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name']).where('id', '=', p.userId).executeTakeFirst();
  return user && { id: user.id, email: user.email, firstName: user.first_name, lastName: user.last_name };
}
