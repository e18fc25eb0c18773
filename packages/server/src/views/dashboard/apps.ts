import { inLevelWords } from '../../oauth/level-words.js';
import type { App } from '../../platform/apps/apps.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { SECRET_OVERLAP_CHOICES } from '../../platform/apps/client-secret-rotation.js';
import { html, type SafeHtml } from '../html.js';
import { alert, scopeList, when } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';
import { usageSection, type UsageSectionView } from './usage-section.js';

export function appListPage(frame: PageFrame, view: { ws: WorkspaceWithRole; apps: App[]; notice?: string | undefined }): string {
  const { ws } = view;
  const body = html`${workspaceHeader(frame.catalogue, ws, 'apps')}
${alert('ok', view.notice)}
<section class="card">
  <h2>Apps</h2>
  ${
    view.apps.length === 0
      ? html`<p class="muted">${inLevelWords(frame.catalogue, 'No apps registered in this workspace.')}</p>`
      : html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">App</th><th scope="col">Client type</th><th scope="col">Created</th></tr></thead>
    <tbody>${view.apps.map((a) => html`<tr><td><a href="/apps/${a.id}">${a.name}</a>${a.isPublic ? html` <span class="badge">public</span>` : ''}</td><td>${a.clientType}</td><td>${when(a.createdOn)}</td></tr>`)}</tbody>
  </table></div>`
  }
  ${ws.role === 'admin' ? html`<div class="actions"><a class="button" href="/workspaces/${ws.id}/apps/new">Register an app</a></div>` : html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can register apps.')}</p>`}
</section>`;
  return dashboardPage(frame, `Apps · ${ws.name}`, body);
}

/** During a rotation's overlap: until when the previous secret works, and (for admins) a way to end it now. */
function previousSecret(app: App, admin: boolean): SafeHtml | '' {
  if (!app.previousSecretExpiresAt) return '';
  return html`<div class="alert warn" id="previous-secret" role="status">
  <p><strong>The previous client secret still works until ${when(app.previousSecretExpiresAt)}.</strong> Requests may use either secret until then; deploy the new one before that time.</p>
  ${admin ? html`<div class="actions"><a class="button danger small" href="/apps/${app.id}/revoke-previous-secret">Revoke previous secret now</a></div>` : ''}
</div>`;
}

/** The overlap choice on the rotation's confirmation page (docs/dashboard.md, "Rotating the client secret"). */
export function rotateSecretFields(chosen: string, error?: string): SafeHtml {
  return html`<label for="overlap">Keep the current secret working for</label>
<select id="overlap" name="overlap"${error ? html` aria-invalid="true" aria-describedby="overlap-error"` : ''}>${SECRET_OVERLAP_CHOICES.map(
    (c) => html`<option value="${String(c.seconds)}"${String(c.seconds) === chosen ? html` selected` : ''}>${c.label}</option>`,
  )}</select>
${error ? html`<p class="error" id="overlap-error">${error}</p>` : html`<p class="hint">Choose None if the secret leaked. Rotating again during an overlap ends the older secret at once.</p>`}`;
}

/** One app; `clientSecret` is passed only for workspace admins. */
export function appPage(
  frame: PageFrame,
  view: { ws: WorkspaceWithRole; app: App; clientSecret?: string | undefined; notice?: string | undefined; usage?: UsageSectionView },
): string {
  const { ws, app } = view;
  const secret =
    view.clientSecret === undefined
      ? html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can see the client secret.')}</p>`
      : html`<details class="reveal"><summary>Show client secret</summary>
      <label for="client-secret" class="sr-only">Client secret</label>
      <div class="copy-row"><input id="client-secret" type="text" readonly class="secret" value="${view.clientSecret}"><button type="button" data-copy="client-secret" class="secondary" hidden>Copy</button></div>
      <p class="hint">Keep it on your server. Anyone holding it can act as this app.</p>
    </details>`;
  const body = html`${workspaceHeader(frame.catalogue, ws, 'apps')}
${alert('ok', view.notice)}
<section class="card">
  <h2>${app.name} ${app.isPublic ? html`<span class="badge">public</span>` : ''}</h2>
  ${app.description ? html`<p>${app.description}</p>` : ''}
  <dl class="facts">
    <dt>Homepage</dt><dd><a href="${app.homepage}" rel="noopener noreferrer">${app.homepage}</a></dd>
    <dt>Client type</dt><dd>${app.clientType}${app.clientType === 'public' ? ' (PKCE required)' : ''}</dd>
    <dt>Installation</dt><dd>${inLevelWords(frame.catalogue, app.restrictToSingleSite ? 'A single site' : 'A workspace or one or more sites')}</dd>
    <dt>Redirect URIs</dt><dd><ul class="plain">${app.redirectUris.map((u) => html`<li><code>${u}</code></li>`)}</ul></dd>
    <dt>Scopes</dt><dd>${scopeList(frame.catalogue, app.scopes)}</dd>
    <dt>Created</dt><dd>${when(app.createdOn)}</dd>
  </dl>
</section>
<section class="card">
  <h2>Credentials</h2>
  <label for="client-id">Client ID</label>
  <div class="copy-row"><input id="client-id" type="text" readonly class="secret" value="${app.clientId}"><button type="button" data-copy="client-id" class="secondary" hidden>Copy</button></div>
  <h3>Client secret</h3>
  ${secret}
  ${previousSecret(app, ws.role === 'admin')}
  ${ws.role === 'admin' ? html`<div class="actions"><a class="button secondary" href="/apps/${app.id}/rotate-secret">Rotate secret</a></div>` : ''}
</section>
${view.usage && frame.catalogue.webflowDataApi ? usageSection(view.usage) : ''}
${
  ws.role === 'admin'
    ? html`<section class="card">
  <h2>Manage</h2>
  <div class="actions"><a class="button" href="/apps/${app.id}/edit">Edit app</a><a class="button danger" href="/apps/${app.id}/delete">Delete app</a></div>
</section>`
    : ''
}
<script src="/assets/copy-button.js" defer></script>`;
  return dashboardPage(frame, app.name, body);
}
