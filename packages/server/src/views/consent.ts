import type { PickerOption } from '../platform/authorization/oauth-consent.js';
import type { Site } from '../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../platform/workspaces/workspaces.js';
import { capitalized, type Catalogue } from '../oauth/scopes.js';
import { html, type SafeHtml } from './html.js';
import { homepageHost } from '../platform/apps/app-homepage.js';
import { layout } from './layout.js';

/** What the user had picked when the answer was refused (or the workspace asked for when switching). */
export interface KeptChoice {
  workspaceId: string | undefined;
  target?: string | undefined;
  siteIds?: string[];
}

export interface ConsentView {
  app: { name: string; description: string; homepage: string; restrictToSingleSite: boolean; logoUrl?: string | null | undefined };
  scopes: string[];
  redirectOrigin: string;
  interaction: string;
  csrfToken: string;
  userEmail: string;
  /** The user's workspaces with their sites (and whether they may install there); empty when the app is closed to them. */
  options: PickerOption[];
  selectedWorkspaceId: string | undefined;
  /** Why the user cannot install (app not public, no workspace, not an admin of it); only Cancel is offered then. */
  blocked?: string | undefined;
  /** A way past the block (setting up two-factor sign-in for a workspace that requires it). */
  unblock?: { href: string; label: string } | undefined;
  error?: string | undefined;
  /** The choice to show again; without it the page opens on its default (these sites, the only site ticked). */
  kept?: KeptChoice | undefined;
  /** Whether the homepage is on the same site as the redirect URI (platform/apps/app-homepage.ts). */
  homepageVerified: boolean;
  /** The scopes and the words for the two levels (docs/own-api.md). */
  catalogue: Catalogue;
  /** RFC 8707: the protected resource the tokens will be bound to, when the app named one. */
  resource?: { name: string; uri: string } | undefined;
  /** docs/oauth.md, "Client ID Metadata Documents": the host whose document names the app, and whether it only redirects to this computer. */
  document?: { host: string; localhostOnly: boolean } | undefined;
}

/** The name a metadata document gives is the client's own claim; the host serving it is what the user can judge. */
function documentNotice(document: ConsentView['document']): SafeHtml | string {
  if (!document) return '';
  return html`<p class="document-host">This app identifies itself by a document on <strong>${document.host}</strong>. Only continue if you trust ${document.host}.</p>
  ${document.localhostOnly ? html`<p class="alert error">This app can only return to this computer (localhost): any program running on it could receive the access. Continue only if you started this app yourself.</p>` : ''}`;
}

function scopeList(catalogue: Catalogue, scopes: string[]): SafeHtml {
  const workspace = catalogue.levels.workspace.singular;
  return html`<ul class="scopes">${catalogue
    .groupByResource(scopes)
    .map(
      (group) =>
        html`<li><strong>${group.resource}</strong><ul>${group.scopes.map(
          (s) =>
            html`<li>${s.description}${s.level === 'workspace' ? html` <span class="muted">(only if you choose the whole ${workspace})</span>` : ''} <code class="muted">${s.name}</code></li>`,
        )}</ul></li>`,
    )}</ul>`;
}

function workspaceSwitcher(view: ConsentView): SafeHtml | string {
  if (view.options.length < 2) return '';
  const workspace = view.catalogue.levels.workspace.singular;
  return html`<form method="get" action="/oauth/authorize/resume" class="inline-form">
    <input type="hidden" name="interaction" value="${view.interaction}">
    <label for="workspace">${capitalized(workspace)}</label>
    <select id="workspace" name="workspace" data-autosubmit>${view.options.map(
      ({ workspace, canInstall }) =>
        html`<option value="${workspace.id}" ${workspace.id === view.selectedWorkspaceId ? html`selected` : ''}>${workspace.name}${canInstall ? '' : ' (member: cannot install)'}</option>`,
    )}</select>
    <button type="submit" class="secondary" data-autosubmit-button>Switch ${workspace}</button>
  </form>`;
}

/**
 * docs/dashboard.md, "Consent screen": opens on "these sites" with the only site ticked when there is one; a refused
 * answer comes back as it was. Ticking a site picks "these sites" (consent.js), and without JavaScript the server
 * reads ticked sites with no radio as the same (platform/authorization/consent-decision.ts).
 */
function picker(view: ConsentView, workspace: WorkspaceWithRole, sites: Site[]): SafeHtml {
  const kept = view.kept;
  const ticked = new Set(kept?.siteIds ?? (sites.length === 1 ? [sites[0]!.id] : []));
  const wholeWorkspace = kept?.target === 'workspace';
  const words = { workspace: view.catalogue.levels.workspace.singular, site: view.catalogue.levels.site.singular, sites: view.catalogue.levels.site.plural };
  const none = html`<p class="muted">This ${words.workspace} has no ${words.sites} yet.</p>`;
  const siteInputs = (type: 'radio' | 'checkbox') =>
    sites.map(
      (site) =>
        html`<label class="choice"><input type="${type}" name="site_id" value="${site.id}"${type === 'radio' ? html` required` : ''}${ticked.has(site.id) ? html` checked` : ''}${type === 'checkbox' ? html` data-picks-sites` : ''}> <span>${site.displayName} <span class="muted">${site.shortName}</span></span></label>`,
    );
  if (view.app.restrictToSingleSite) {
    return html`<fieldset><legend>Choose one ${words.site} in ${workspace.name}</legend>
      <input type="hidden" name="target" value="sites">
      ${sites.length ? siteInputs('radio') : none}
    </fieldset>`;
  }
  return html`<fieldset><legend>Where may ${view.app.name} act?</legend>
    <label class="choice"><input type="radio" name="target" value="sites" id="target-sites"${wholeWorkspace ? '' : html` checked`}> <span>Only these ${words.sites} of ${workspace.name}:</span></label>
    <div class="site-choices">${sites.length ? siteInputs('checkbox') : none}</div>
    <label class="choice"><input type="radio" name="target" value="workspace"${wholeWorkspace ? html` checked` : ''}> <span>The whole ${words.workspace} <strong>${workspace.name}</strong> <span class="muted">(all its ${words.sites}, including ${words.sites} added later)</span></span></label>
  </fieldset>`;
}

function appIdentity(view: ConsentView): SafeHtml {
  const { app } = view;
  const homepage = html`<a href="${app.homepage}" rel="noopener noreferrer" target="_blank">${homepageHost(app.homepage)}</a>`;
  return html`<div class="app-identity">
    ${app.logoUrl ? html`<img class="app-logo" src="${app.logoUrl}" alt="" width="56" height="56" referrerpolicy="no-referrer" decoding="async">` : html`<span class="app-logo placeholder" aria-hidden="true">${app.name.slice(0, 1).toUpperCase()}</span>`}
    <div>
      <h1>Authorize ${app.name}</h1>
      <p class="muted small">Homepage ${homepage} ${
        view.homepageVerified
          ? html`<span class="badge verified">verified: same site as ${view.redirectOrigin}</span>`
          : html`<span class="badge unverified">not where you will be sent back to (${view.redirectOrigin})</span>`
      }</p>
    </div>
  </div>`;
}

/** docs/webflow-wire.md, "Consent" consent screen; a plain form, so it works without JavaScript. */
export function consentPage(view: ConsentView): string {
  const chosen = view.options.find((o) => o.workspace.id === view.selectedWorkspaceId);
  const { catalogue } = view;
  const hasWorkspaceScopes = view.scopes.some((s) => catalogue.levelOf(s) === 'workspace');
  const body = html`<section class="card consent">
  ${appIdentity(view)}
  ${documentNotice(view.document)}
  ${view.app.description ? html`<p>${view.app.description}</p>` : ''}
  <p class="muted small">Signed in as ${view.userEmail}</p>
  ${view.error ? html`<p class="alert error" role="alert">${view.error}</p>` : ''}
  <h2>${view.app.name} is asking to</h2>
  ${scopeList(catalogue, view.scopes)}
  ${view.resource ? html`<p class="resource">Access is for <strong>${view.resource.name}</strong> only: <code>${view.resource.uri}</code></p>` : ''}
  ${hasWorkspaceScopes && view.app.restrictToSingleSite ? html`<p class="muted">${capitalized(catalogue.levels.workspace.singular)} permissions are never granted to an app installed on a single ${catalogue.levels.site.singular}.</p>` : ''}
  ${workspaceSwitcher(view)}
  ${view.blocked ? html`<p class="alert error" role="alert">${view.blocked}</p>` : ''}
  ${view.unblock ? html`<p><a class="button" href="${view.unblock.href}">${view.unblock.label}</a></p>` : ''}
  <form method="post" action="/oauth/authorize/decision">
    <input type="hidden" name="_csrf" value="${view.csrfToken}">
    <input type="hidden" name="interaction" value="${view.interaction}">
    ${!view.blocked && chosen ? html`<input type="hidden" name="workspace_id" value="${chosen.workspace.id}">${picker(view, chosen.workspace, chosen.sites)}` : ''}
    <p class="muted">Either way you will be sent back to ${view.redirectOrigin}.</p>
    <div class="actions">
      ${!view.blocked && chosen ? html`<button type="submit" name="decision" value="approve">Authorize</button>` : ''}
      <button type="submit" name="decision" value="deny" class="secondary" formnovalidate>Cancel</button>
    </div>
  </form>
</section>`;
  return layout({
    title: `Authorize ${view.app.name}`,
    body,
    userEmail: view.userEmail,
    csrfToken: view.csrfToken,
    catalogue,
    scripts: ['/assets/consent.js'],
  });
}
