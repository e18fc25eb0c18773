/**
 * The scope catalogue (docs/webflow-wire.md, "Scopes and token kinds"). Each scope has the plain words the consent screen shows.
 * `level` says where a scope may be granted: site-level scopes reach sites; workspace-level scopes
 * reach the workspace itself.
 */
export interface ScopeInfo {
  name: string;
  resource: string;
  level: 'site' | 'workspace';
  description: string;
}

const entries: Array<[string, string, 'site' | 'workspace', string]> = [
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

export const SCOPES: ReadonlyMap<string, ScopeInfo> = new Map(
  entries.map(([name, resource, level, description]) => [name, { name, resource, level, description }]),
);

export const ALL_SCOPE_NAMES: readonly string[] = entries.map(([name]) => name);

/** Scopes a workspace token may carry (docs/webflow-wire.md, "Scopes and token kinds": "workspace-level scopes only"). */
export const WORKSPACE_TOKEN_SCOPES: readonly string[] = ['workspace:read', 'workspace:write', 'workspace_activity:read'];

/** Scopes a site token may never carry (docs/webflow-wire.md, "Scopes and token kinds"). */
export function isForbiddenForSiteToken(scope: string): boolean {
  return scope.startsWith('custom_code:') || scope === 'workspace_activity:read';
}

export function isKnownScope(scope: string): boolean {
  return SCOPES.has(scope);
}

/** Splits a scope string on spaces, `+` and commas (Webflow reports scopes comma-separated), dropping duplicates. */
export function parseScopeList(raw: string): string[] {
  return [...new Set(raw.split(/[\s+,]+/).filter(Boolean))];
}

/** Stored and RFC 6749 form: space-separated, in catalogue order. */
export function formatScopes(scopes: Iterable<string>): string {
  const set = new Set(scopes);
  return ALL_SCOPE_NAMES.filter((s) => set.has(s)).concat([...set].filter((s) => !SCOPES.has(s))).join(' ');
}

/** Groups scopes by resource for the consent screen. */
export function groupByResource(scopes: Iterable<string>): Array<{ resource: string; scopes: ScopeInfo[] }> {
  const groups = new Map<string, ScopeInfo[]>();
  for (const name of scopes) {
    const info = SCOPES.get(name);
    if (!info) continue;
    const list = groups.get(info.resource) ?? [];
    list.push(info);
    groups.set(info.resource, list);
  }
  return [...groups].map(([resource, list]) => ({ resource, scopes: list }));
}
