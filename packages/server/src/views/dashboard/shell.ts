import type { Site } from '../../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import type { Catalogue } from '../../oauth/scopes.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { inLevelWords } from '../../oauth/level-words.js';

export interface PageFrame {
  userEmail: string;
  csrf: string;
  catalogue: Catalogue;
  /** A deployment operator sees the link to the admin API keys (ADR 0026). */
  operator?: boolean | undefined;
}

export function dashboardPage(frame: PageFrame, title: string, body: SafeHtml, scripts?: string[]): string {
  return layout({
    title,
    body,
    userEmail: frame.userEmail,
    csrfToken: frame.csrf,
    dashboardNav: true,
    operatorNav: frame.operator === true,
    catalogue: frame.catalogue,
    ...(scripts ? { scripts } : {}),
  });
}

type WorkspaceTab = 'overview' | 'members' | 'apps' | 'tokens' | 'authorized' | 'audit';

const WORKSPACE_TABS: Array<[WorkspaceTab, string, string]> = [
  ['overview', 'Sites & settings', ''],
  ['members', 'Members', '/members'],
  ['apps', 'Apps', '/apps'],
  ['tokens', 'API tokens', '/tokens'],
  ['authorized', 'Authorized apps', '/authorized-apps'],
  ['audit', 'Audit log', '/audit'],
];

/** The workspace heading with its section tabs. */
export function workspaceHeader(catalogue: Catalogue, ws: WorkspaceWithRole, current: WorkspaceTab): SafeHtml {
  const words = (text: string) => inLevelWords(catalogue, text);
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">${words('Workspaces')}</a> / <span>${ws.name}</span></nav>
<h1>${ws.name} <span class="badge">${ws.plan}</span> ${ws.role === 'admin' ? html`<span class="badge admin">admin</span>` : html`<span class="badge">member</span>`}</h1>
<nav class="tabs" aria-label="${words('Workspace sections')}">${WORKSPACE_TABS.map(
    ([tab, label, path]) => html`<a href="/workspaces/${ws.id}${path}"${tab === current ? html` aria-current="page"` : ''}>${words(label)}</a>`,
  )}</nav>`;
}

type SiteTab = 'settings' | 'api' | 'webhooks' | 'authorized';

export function siteHeader(catalogue: Catalogue, ws: WorkspaceWithRole, site: Site, current: SiteTab): SafeHtml {
  const words = (text: string) => inLevelWords(catalogue, text);
  const tabs: Array<[SiteTab, string, string]> = [
    ['settings', 'Settings', ''],
    ['api', 'API access', '/api-access'],
    ...(catalogue.webflowDataApi ? ([['webhooks', 'Webhooks', '/webhooks']] as Array<[SiteTab, string, string]>) : []),
    ['authorized', 'Authorized apps', '/authorized-apps'],
  ];
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">${words('Workspaces')}</a> / <a href="/workspaces/${ws.id}">${ws.name}</a> / <span>${site.displayName}</span></nav>
<h1>${site.displayName}</h1>
<nav class="tabs" aria-label="${words('Site sections')}">${tabs.map(
    ([tab, label, path]) => html`<a href="/sites/${site.id}${path}"${tab === current ? html` aria-current="page"` : ''}>${label}</a>`,
  )}</nav>`;
}
