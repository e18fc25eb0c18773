import { inLevelWords } from '../../oauth/level-words.js';
import type { Site } from '../../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { alert, csrfInput, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, siteHeader, type PageFrame } from './shell.js';

export interface SiteView {
  ws: WorkspaceWithRole;
  site: Site;
  notice?: string | undefined;
  error?: string | undefined;
  errors?: FieldErrors;
  domainErrors?: FieldErrors;
  domain?: string;
  commentErrors?: FieldErrors;
}

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

export function sitePage(frame: PageFrame, view: SiteView): string {
  const { ws, site } = view;
  const admin = ws.role === 'admin';
  const zones = TIME_ZONES.includes(site.timeZone) ? TIME_ZONES : [site.timeZone, ...TIME_ZONES];
  const body = html`${siteHeader(frame.catalogue, ws, site, 'settings')}
${alert('ok', view.notice)}${alert('error', view.error)}
<section class="card">
  <h2>Publish</h2>
  <p>Last published: ${when(site.lastPublished, 'Not published yet')}</p>
  ${
    admin
      ? html`<form method="post" action="/sites/${site.id}/publish">${csrfInput(frame.csrf)}
    <button type="submit">${inLevelWords(frame.catalogue, 'Publish site')}</button></form>`
      : ''
  }
</section>
<section class="card">
  <h2>Settings</h2>
  ${
    admin
      ? html`<form method="post" action="/sites/${site.id}" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'site-name', name: 'display_name', field: 'displayName', label: inLevelWords(frame.catalogue, 'Site name'), value: site.displayName, required: true, maxlength: 100, errors: view.errors })}
    <label for="site-tz">Time zone</label>
    <select id="site-tz" name="time_zone">${zones.map((z) => html`<option${z === site.timeZone ? html` selected` : ''}>${z}</option>`)}</select>
    ${view.errors?.timeZone ? html`<p class="error">${view.errors.timeZone}</p>` : ''}
    <div class="actions"><button type="submit">Save settings</button></div>
  </form>`
      : html`<dl class="facts"><dt>Time zone</dt><dd>${site.timeZone}</dd></dl>`
  }
  <dl class="facts"><dt>${inLevelWords(frame.catalogue, 'Site id')}</dt><dd><code>${site.id}</code></dd><dt>Short name</dt><dd><code>${site.shortName}</code></dd><dt>Created</dt><dd>${when(site.createdOn)}</dd><dt>Last updated</dt><dd>${when(site.lastUpdated)}</dd></dl>
</section>
<section class="card">
  <h2>Custom domains</h2>
  ${
    site.customDomains.length === 0
      ? html`<p class="muted">No custom domains.</p>`
      : html`<ul class="plain">${site.customDomains.map(
          (d) => html`<li class="row"><code>${d.url}</code>
    ${admin ? html`<form method="post" action="/sites/${site.id}/domains/${d.id}/remove" class="row-form">${csrfInput(frame.csrf)}<button type="submit" class="link danger-link" aria-label="Remove ${d.url}">Remove</button></form>` : ''}</li>`,
        )}</ul>`
  }
  ${
    admin
      ? html`<form method="post" action="/sites/${site.id}/domains" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'domain', name: 'url', label: 'Add a domain', hint: 'for example www.example.com', value: view.domain, required: true, maxlength: 253, errors: view.domainErrors })}
    <div class="actions"><button type="submit" class="secondary">Add domain</button></div>
  </form>`
      : ''
  }
</section>
<section class="card">
  <h2>Comments</h2>
  <p class="muted">${inLevelWords(frame.catalogue, "A comment posted here fires the site's <code>comment_created</code> webhooks.")}</p>
  <form method="post" action="/sites/${site.id}/comments" novalidate>
    ${csrfInput(frame.csrf)}
    <label for="comment-content">New comment</label>
    <textarea id="comment-content" name="content" rows="3" maxlength="10000" required${view.commentErrors?.content ? html` aria-invalid="true" aria-describedby="comment-content-error"` : ''}></textarea>
    ${view.commentErrors?.content ? html`<p class="error" id="comment-content-error">${view.commentErrors.content}</p>` : ''}
    <div class="actions"><button type="submit" class="secondary">Post comment</button></div>
  </form>
</section>
${
  admin
    ? html`<section class="card">
  <h2>${inLevelWords(frame.catalogue, 'Delete site')}</h2>
  <p>${inLevelWords(frame.catalogue, 'Deleting the site ends its site tokens, its webhooks and the app authorizations that reach only this site.')}</p>
  <div class="actions"><a class="button danger" href="/sites/${site.id}/delete">${inLevelWords(frame.catalogue, 'Delete site…')}</a></div>
</section>`
    : ''
}`;
  return dashboardPage(frame, site.displayName, body);
}
