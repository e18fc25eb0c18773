import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { capitalized } from '../../oauth/scopes.js';
import { html } from '../html.js';
import { alert, csrfInput, textField, type FieldErrors } from './form-kit.js';
import { dashboardPage, type PageFrame } from './shell.js';

export interface HomeView {
  workspaces: WorkspaceWithRole[];
  name?: string;
  errors?: FieldErrors;
  notice?: string | undefined;
}

export function homePage(frame: PageFrame, view: HomeView): string {
  const { workspace, site } = frame.catalogue.levels;
  const body = html`<h1>${capitalized(workspace.plural)}</h1>
${alert('ok', view.notice)}
${
  view.workspaces.length === 0
    ? html`<section class="card"><p>You are not in any ${workspace.singular} yet. Create one to add ${site.plural}, register apps and make API tokens.</p></section>`
    : html`<ul class="cards">${view.workspaces.map(
        (w) => html`<li class="card link-card"><a href="/workspaces/${w.id}"><strong>${w.name}</strong></a>
<span class="muted">${w.slug} · plan ${w.plan} · you are ${w.role === 'admin' ? 'an admin' : 'a member'}</span></li>`,
      )}</ul>`
}
<section class="card">
  <h2>Create ${article(workspace.singular)} ${workspace.singular}</h2>
  <form method="post" action="/workspaces" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'ws-name', name: 'name', label: `${capitalized(workspace.singular)} name`, value: view.name, required: true, maxlength: 100, errors: view.errors })}
    ${view.errors?.slug ? html`<p class="error">${view.errors.slug}</p>` : ''}
    <div class="actions"><button type="submit">Create ${workspace.singular}</button></div>
  </form>
</section>`;
  return dashboardPage(frame, capitalized(workspace.plural), body);
}

/** "a workspace", "an organization". */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
