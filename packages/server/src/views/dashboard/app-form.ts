import { inLevelWords } from '../../oauth/level-words.js';
import type { App } from '../../platform/apps/apps.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { alert, csrfInput, fieldError, scopeCheckboxes, textField, type FieldErrors } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';

/** What the app form holds, as typed (so a rejected form comes back as the person left it). */
export interface AppFormValues {
  name: string;
  description: string;
  homepage: string;
  logoUrl: string;
  redirectUris: string;
  scopes: string[];
  restrictToSingleSite: boolean;
  isPublic: boolean;
  clientType: string;
}

export const valuesOfApp = (app: App): AppFormValues => ({
  name: app.name,
  description: app.description,
  homepage: app.homepage,
  logoUrl: app.logoUrl ?? '',
  redirectUris: app.redirectUris.join('\n'),
  scopes: app.scopes,
  restrictToSingleSite: app.restrictToSingleSite,
  isPublic: app.isPublic,
  clientType: app.clientType,
});

export const EMPTY_APP: AppFormValues = {
  name: '',
  description: '',
  homepage: 'https://',
  logoUrl: '',
  redirectUris: '',
  scopes: [],
  restrictToSingleSite: false,
  isPublic: false,
  clientType: 'confidential',
};

/** docs/design.md, "Domain" app registration: every field, with inline messages from the platform's validation. */
export function appFormPage(frame: PageFrame, view: { ws: WorkspaceWithRole; app?: App; values: AppFormValues; errors?: FieldErrors }): string {
  const { values: v, errors } = view;
  const action = view.app ? `/apps/${view.app.id}` : `/workspaces/${view.ws.id}/apps`;
  const title = view.app ? `Edit ${view.app.name}` : 'Register an app';
  const radio = (
    value: string,
    label: string,
    hint: string,
  ) => html`<label class="choice" for="client-type-${value}"><input type="radio" id="client-type-${value}" name="client_type" value="${value}"${v.clientType === value ? html` checked` : ''}>
<span>${label}<br><span class="hint">${hint}</span></span></label>`;
  const body = html`${workspaceHeader(frame.catalogue, view.ws, 'apps')}
<section class="card">
<h2>${title}</h2>
${errors ? alert('error', 'The app was not saved. Please fix the fields marked below.') : ''}
<form method="post" action="${action}" novalidate>
  ${csrfInput(frame.csrf)}
  ${textField({ id: 'app-name', name: 'name', label: 'App name', value: v.name, required: true, maxlength: 100, errors })}
  <label for="app-description">Description <span class="hint">shown on the consent screen</span></label>
  <textarea id="app-description" name="description" maxlength="1000"${errors?.description ? html` aria-invalid="true" aria-describedby="app-description-error"` : ''}>${v.description}</textarea>
  ${fieldError(errors, 'app-description', 'description')}
  ${textField({ id: 'app-homepage', name: 'homepage', label: 'Homepage', type: 'url', hint: 'https only', value: v.homepage, required: true, errors })}
  ${textField({ id: 'app-logo', name: 'logo_url', label: 'Logo URL', type: 'url', hint: 'optional; https; a square image shown on the consent screen', value: v.logoUrl, field: 'logoUrl', errors })}
  <label for="app-redirects">Redirect URIs <span class="hint">one per line; https, or http on localhost, 127.0.0.1 and [::1]; matched exactly</span></label>
  <textarea id="app-redirects" name="redirect_uris" required${errors?.redirectUris ? html` aria-invalid="true" aria-describedby="app-redirects-error"` : ''}>${v.redirectUris}</textarea>
  ${fieldError(errors, 'app-redirects', 'redirectUris')}
  <fieldset><legend>Installation</legend>
    <label class="choice" for="app-single-site"><input type="checkbox" id="app-single-site" name="restrict_to_single_site"${v.restrictToSingleSite ? html` checked` : ''}>
    <span>${inLevelWords(frame.catalogue, 'Restrict to a single site')}<br><span class="hint">${inLevelWords(frame.catalogue, 'people installing it pick exactly one site')}</span></span></label>
    <label class="choice" for="app-public"><input type="checkbox" id="app-public" name="is_public"${v.isPublic ? html` checked` : ''}>
    <span>Public (marketplace) app<br><span class="hint">${inLevelWords(frame.catalogue, 'anyone, not only this workspace, may install it')}</span></span></label>
  </fieldset>
  <fieldset${errors?.clientType ? html` aria-invalid="true"` : ''}><legend>Client type</legend>
    ${fieldError(errors, 'client-type', 'clientType')}
    ${radio('confidential', 'Confidential', 'a server that keeps the client secret')}
    ${radio('public', 'Public', 'a browser or mobile app that cannot keep a secret; must use PKCE (S256)')}
  </fieldset>
  ${scopeCheckboxes({ catalogue: frame.catalogue, scopes: frame.catalogue.scopeNames, selected: v.scopes, errors })}
  <div class="actions"><button type="submit">${view.app ? 'Save app' : 'Register app'}</button>
  <a class="button secondary" href="${view.app ? `/apps/${view.app.id}` : `/workspaces/${view.ws.id}/apps`}">Cancel</a></div>
</form>
</section>`;
  return dashboardPage(frame, title, body);
}
