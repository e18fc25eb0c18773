import { Catalogue, type ScopeInfo, type ScopeLevel } from './scopes.js';

/**
 * The built-in preset: Webflow's scopes, words and token rules (docs/webflow-wire.md, "Scopes and token
 * kinds"). It is the catalogue when no configuration file is given, and the only one that serves the
 * Webflow Data API.
 */
const entries: Array<[string, string, ScopeLevel, string]> = [
  ['assets:read', 'Assets', 'site', 'See the images and files uploaded to your sites'],
  ['assets:write', 'Assets', 'site', 'Upload, change and delete images and files on your sites'],
  ['authorized_user:read', 'Authorized user', 'site', 'See your name and email address'],
  ['cms:read', 'CMS', 'site', 'See your CMS collections and items'],
  ['cms:write', 'CMS', 'site', 'Create, change and delete CMS collections and items'],
  ['comments:read', 'Comments', 'site', 'Read comment threads and replies on your sites'],
  ['comments:write', 'Comments', 'site', 'Post, change and resolve comments on your sites'],
  ['components:read', 'Components', 'site', 'See the components used on your sites'],
  ['components:write', 'Components', 'site', 'Change the components on your sites'],
  ['custom_code:read', 'Custom code', 'site', 'See the custom code registered on your sites'],
  ['custom_code:write', 'Custom code', 'site', 'Add, change and remove custom code on your sites'],
  ['ecommerce:read', 'Ecommerce', 'site', 'See products, orders and inventory'],
  ['ecommerce:write', 'Ecommerce', 'site', 'Change products, orders and inventory'],
  ['forms:read', 'Forms', 'site', 'See your forms and their submissions'],
  ['forms:write', 'Forms', 'site', 'Change and delete form submissions'],
  ['pages:read', 'Pages', 'site', 'See your pages and their content'],
  ['pages:write', 'Pages', 'site', 'Change the content and settings of your pages'],
  ['sites:read', 'Sites', 'site', 'See your sites, their settings and custom domains'],
  ['sites:write', 'Sites', 'site', 'Publish your sites and change their settings'],
  ['site_activity:read', 'Site activity', 'site', "See your sites' activity logs"],
  ['site_config:read', 'Site configuration', 'site', 'See redirects, robots.txt and other site configuration'],
  ['site_config:write', 'Site configuration', 'site', 'Change redirects, robots.txt and other site configuration'],
  ['users:read', 'Users', 'site', "See your sites' member accounts"],
  ['users:write', 'Users', 'site', "Invite, change and remove your sites' member accounts"],
  ['workspace:read', 'Workspace', 'workspace', 'See your workspace and its sites'],
  ['workspace:write', 'Workspace', 'workspace', 'Change your workspace and create sites in it'],
  ['workspace_activity:read', 'Workspace activity', 'workspace', "See your workspace's audit log"],
];

/** Workspace tokens carry workspace-level scopes only; site tokens never carry custom code or the workspace audit log. */
const WORKSPACE_TOKEN_SCOPES = new Set(['workspace:read', 'workspace:write', 'workspace_activity:read']);
const siteTokenMayCarry = (scope: string) => !scope.startsWith('custom_code:') && scope !== 'workspace_activity:read';

const scopes: ScopeInfo[] = entries.map(([name, resource, level, description]) => ({
  name,
  resource,
  level,
  description,
  siteTokens: siteTokenMayCarry(name),
  workspaceTokens: WORKSPACE_TOKEN_SCOPES.has(name),
}));

export const WEBFLOW_CATALOGUE = new Catalogue({
  productName: 'Gatehouse',
  levels: { workspace: { singular: 'workspace', plural: 'workspaces' }, site: { singular: 'site', plural: 'sites' } },
  scopes,
  webflowDataApi: true,
});
