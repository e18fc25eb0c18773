import { inLevelWords } from '../../oauth/level-words.js';
import type { Site } from '../../platform/sites/sites.js';
import { PLANS, rateLimitForPlan, type WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { alert, csrfInput, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';
import { usageSection, type UsageSectionView } from './usage-section.js';

export interface WorkspaceView {
  ws: WorkspaceWithRole;
  sites: Site[];
  notice?: string | undefined;
  settingsErrors?: FieldErrors;
  siteErrors?: FieldErrors;
  siteName?: string;
  /** Whether members must use two-factor sign-in (docs/dashboard.md, "Two-factor sign-in"). */
  twoFactorRequired?: boolean;
  twoFactorError?: string;
  usage?: UsageSectionView;
}

export function workspacePage(frame: PageFrame, view: WorkspaceView): string {
  const { ws } = view;
  const admin = ws.role === 'admin';
  const body = html`${workspaceHeader(frame.catalogue, ws, 'overview')}
${alert('ok', view.notice)}
<section class="card">
  <h2>${inLevelWords(frame.catalogue, 'Sites')}</h2>
  ${
    view.sites.length === 0
      ? html`<p class="muted">${inLevelWords(frame.catalogue, 'No sites yet.')}</p>`
      : html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">${inLevelWords(frame.catalogue, 'Site')}</th><th scope="col">Short name</th><th scope="col">Last published</th></tr></thead>
    <tbody>${view.sites.map((s) => html`<tr><td><a href="/sites/${s.id}">${s.displayName}</a></td><td><code>${s.shortName}</code></td><td>${when(s.lastPublished)}</td></tr>`)}</tbody>
  </table></div>`
  }
  ${
    admin
      ? html`<form method="post" action="/workspaces/${ws.id}/sites" class="inline-form" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'site-name', name: 'display_name', field: 'displayName', label: inLevelWords(frame.catalogue, 'New site name'), value: view.siteName, required: true, maxlength: 100, errors: view.siteErrors })}
    <div class="actions"><button type="submit">${inLevelWords(frame.catalogue, 'Create site')}</button></div>
  </form>`
      : ''
  }
</section>
<section class="card">
  <h2>${inLevelWords(frame.catalogue, 'Workspace settings')}</h2>
  ${
    admin
      ? html`<form method="post" action="/workspaces/${ws.id}/settings" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'ws-name', name: 'name', label: 'Name', value: ws.name, required: true, maxlength: 100, errors: view.settingsErrors })}
    <label for="ws-plan">Plan${frame.catalogue.webflowDataApi ? html` <span class="hint">sets the Data API rate limit per token</span>` : ''}</label>
    <select id="ws-plan" name="plan">${PLANS.map((p) => html`<option value="${p}"${p === ws.plan ? html` selected` : ''}>${p} — ${rateLimitForPlan(p)} requests/minute</option>`)}</select>
    <div class="actions"><button type="submit">Save settings</button></div>
  </form>`
      : html`<dl class="facts"><dt>Slug</dt><dd><code>${ws.slug}</code></dd><dt>Plan</dt><dd>${ws.plan} (${rateLimitForPlan(ws.plan)} requests/minute per token)</dd></dl>
  <p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can change these settings.')}</p>`
  }
  <p class="muted">${inLevelWords(frame.catalogue, 'Workspace id')} <code>${ws.id}</code></p>
</section>
<section class="card" id="two-factor">
  <h2>Two-factor sign-in</h2>
  ${view.twoFactorError ? html`<p class="alert error" role="alert">${view.twoFactorError}</p>` : ''}
  <p>${view.twoFactorRequired ? inLevelWords(frame.catalogue, 'Required: members without two-factor sign-in are sent to set it up before they can open this workspace or install apps on it.') : 'Not required: members choose for themselves.'}</p>
  ${
    admin
      ? html`<form method="post" action="/workspaces/${ws.id}/two-factor">
    ${csrfInput(frame.csrf)}
    <input type="hidden" name="required" value="${view.twoFactorRequired ? 'no' : 'yes'}">
    <p class="muted">${inLevelWords(frame.catalogue, 'Signed-in sessions and issued tokens keep working; the requirement applies when a member next opens the workspace.')}</p>
    <div class="actions"><button type="submit"${view.twoFactorRequired ? html` class="secondary"` : ''}>${view.twoFactorRequired ? 'Stop requiring two-factor sign-in' : 'Require two-factor sign-in'}</button></div>
  </form>`
      : ''
  }
</section>
${view.usage && frame.catalogue.webflowDataApi ? usageSection(view.usage) : ''}`;
  return dashboardPage(frame, ws.name, body);
}
