import { inLevelWords } from '../../oauth/level-words.js';
import type { AuthorizedApp } from '../../platform/authorization/authorized-apps.js';
import type { Site } from '../../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { alert, scopeList, when } from './form-kit.js';
import { dashboardPage, siteHeader, workspaceHeader, type PageFrame } from './shell.js';

export interface AuthorizedAppsView {
  ws: WorkspaceWithRole;
  site?: Site;
  items: AuthorizedApp[];
  notice?: string | undefined;
}

/** docs/design.md, "Surfaces": the apps installed on a workspace or a site — app, who authorized it, scopes, when, last use — with revoke. */
export function authorizedAppsPage(frame: PageFrame, view: AuthorizedAppsView): string {
  const { ws, site } = view;
  const admin = ws.role === 'admin';
  const reach = (a: AuthorizedApp) =>
    a.target === 'workspace'
      ? html`<span class="badge">${inLevelWords(frame.catalogue, 'whole workspace')}</span>`
      : html`${a.sites.map((s) => s.displayName).join(', ')}`;
  const back = site ? `/sites/${site.id}/authorized-apps` : `/workspaces/${ws.id}/authorized-apps`;
  const body = html`${site ? siteHeader(frame.catalogue, ws, site, 'authorized') : workspaceHeader(frame.catalogue, ws, 'authorized')}
${alert('ok', view.notice)}
<section class="card">
  <h2>Authorized apps</h2>
  <p class="muted">${inLevelWords(frame.catalogue, `Apps people in this workspace have installed${site ? ' with access to this site' : ''}. Revoking one refuses its tokens at once.`)}</p>
  ${
    view.items.length === 0
      ? html`<p class="muted">${inLevelWords(frame.catalogue, `No app is authorized${site ? ' on this site' : ''}.`)}</p>`
      : html`<div class="table-wrap"><table class="stack">
    <thead><tr><th scope="col">App</th><th scope="col">Authorized by</th><th scope="col">Reaches</th><th scope="col">Scopes</th><th scope="col">Authorized</th><th scope="col">Last used</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ''}</tr></thead>
    <tbody>${view.items.map(
      (
        a,
      ) => html`<tr><td class="lead">${a.appName}</td><td data-label="Authorized by">${a.userName}<br><span class="muted">${a.userEmail}</span></td><td data-label="Reaches">${reach(a)}</td><td data-label="Scopes">${scopeList(frame.catalogue, a.scopes)}</td><td data-label="Authorized">${when(a.createdOn)}${a.updatedOn ? html`<br><span class="muted small">updated ${when(a.updatedOn)}</span>` : ''}</td><td data-label="Last used">${when(a.lastUsedOn)}</td>
    ${admin ? html`<td><a class="button danger small" href="/authorizations/${a.id}/revoke?back=${encodeURIComponent(back)}">Revoke<span class="sr-only"> ${a.appName}</span></a></td>` : ''}</tr>`,
    )}</tbody>
  </table></div>`
  }
  ${admin ? '' : html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can revoke access.')}</p>`}
</section>`;
  return dashboardPage(frame, `Authorized apps · ${site ? site.displayName : ws.name}`, body);
}
