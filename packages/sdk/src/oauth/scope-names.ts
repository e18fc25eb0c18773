/**
 * The scopes of Gatehouse's built-in preset, Webflow's (the server's docs/scopes.md lists each). A
 * product with its own catalogue names its scopes as a type and passes it to the client and the
 * middleware; without one, these are offered and any other name is accepted.
 *
 * @example
 * type AcmeScope = 'projects:read' | 'projects:write';
 * const auth = gatehouseExpress<AcmeScope>({ clientId, clientSecret });
 * auth.requireScopes('projects:read'); // 'sites:read' would not compile
 */
export const WEBFLOW_SCOPES = [
  'assets:read',
  'assets:write',
  'authorized_user:read',
  'cms:read',
  'cms:write',
  'comments:read',
  'comments:write',
  'components:read',
  'components:write',
  'custom_code:read',
  'custom_code:write',
  'ecommerce:read',
  'ecommerce:write',
  'forms:read',
  'forms:write',
  'pages:read',
  'pages:write',
  'sites:read',
  'sites:write',
  'site_activity:read',
  'site_config:read',
  'site_config:write',
  'users:read',
  'users:write',
  'workspace:read',
  'workspace:write',
  'workspace_activity:read',
] as const;

/**
 * One of the preset's scopes.
 *
 * @example
 * const scope: WebflowScope = 'sites:read';
 */
export type WebflowScope = (typeof WEBFLOW_SCOPES)[number];

/**
 * The default scope type: the preset's names are suggested, any other string is accepted.
 *
 * @example
 * const scopes: AnyScope[] = ['sites:read', 'orders:read'];
 */
export type AnyScope = WebflowScope | (string & Record<never, never>);
