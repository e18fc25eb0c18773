import type { PlatformContext } from '../context.js';
import type { Principal } from '../tokens/token-lookup.js';
import { precompiled } from '../../store/precompiled-query.js';

/** docs/webflow-wire.md, "Token introspection and the authorizing user" introspect body for an OAuth token, rendered from its principal and the sites it lists (platform/tokens/oauth-introspection.ts, listedSiteIds). */
export function describeAuthorization(p: Principal, siteIds: string[]) {
  if (!p.authorizationId || !p.authorizationCreatedAt || !p.appId || !p.app || !p.userId) return undefined;
  return {
    authorization: {
      id: p.authorizationId,
      createdOn: p.authorizationCreatedAt,
      lastUsed: p.lastUsedAt,
      grantType: 'authorization_code',
      rateLimit: p.rateLimit,
      scope: [...p.scopes].join(','),
      authorizedTo: {
        siteIds,
        workspaceIds: p.siteIds === null ? [p.workspaceId] : [],
        userIds: [p.userId],
      },
    },
    application: { id: p.appId, description: p.app.description, homepage: p.app.homepage, displayName: p.app.name },
  };
}

const userById = precompiled<'id', { id: string; email: string; first_name: string; last_name: string }>((db, p) =>
  db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name']).where('id', '=', p('id')),
);

/** docs/webflow-wire.md, "Token introspection and the authorizing user": the user who authorized the app. */
export async function authorizationOwner(ctx: PlatformContext, p: Principal) {
  if (!p.userId) return undefined;
  const user = (await userById(ctx.db, ctx.dialect, { id: p.userId })).rows[0];
  return user && { id: user.id, email: user.email, firstName: user.first_name, lastName: user.last_name };
}
