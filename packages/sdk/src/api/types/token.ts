/**
 * `GET /v2/token/introspect` (docs/webflow-wire.md, "Token introspection and the authorizing user"). `scope` is comma-separated, as Webflow reports it.
 *
 * @example
 * const { authorization, application } = await client.token.introspect();
 * console.log(authorization.authorizedTo.siteIds, application.displayName);
 */
export interface AuthorizationInfo {
  authorization: {
    id: string;
    createdOn: string;
    lastUsed: string | null;
    grantType: string;
    rateLimit: number;
    scope: string;
    authorizedTo: { siteIds: string[]; workspaceIds: string[]; userIds: string[] };
  };
  application: { id: string; description: string; homepage: string; displayName: string };
}

/**
 * `GET /v2/token/authorized_by` (docs/webflow-wire.md, "Token introspection and the authorizing user"): the user who authorized the token.
 *
 * @example
 * const user: AuthorizedUser = await client.authorizedBy();
 * console.log(user.email);
 */
export interface AuthorizedUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}
