import { inLevelWords } from '../../oauth/level-words.js';
import { TOKENS_PER_OWNER, type ApiToken } from '../../platform/tokens/api-tokens.js';
import type { Site } from '../../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html, type SafeHtml } from '../html.js';
import { alert, csrfInput, scopeCheckboxes, scopeList, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, siteHeader, workspaceHeader, type PageFrame } from './shell.js';

export type TokenOwner = { kind: 'site'; ws: WorkspaceWithRole; site: Site } | { kind: 'workspace'; ws: WorkspaceWithRole };

export interface ApiTokensView {
  owner: TokenOwner;
  tokens: ApiToken[];
  /** The new token's value: shown in this one response and never again. */
  created?: { value: string; record: ApiToken };
  name?: string;
  scopes?: string[];
  errors?: FieldErrors;
  error?: string | undefined;
  notice?: string | undefined;
}

export const tokensPath = (owner: TokenOwner): string => (owner.kind === 'site' ? `/sites/${owner.site.id}/api-access` : `/workspaces/${owner.ws.id}/tokens`);
export const tokenActionPath = (owner: TokenOwner): string => (owner.kind === 'site' ? `/sites/${owner.site.id}/tokens` : `/workspaces/${owner.ws.id}/tokens`);

function createdToken(created: NonNullable<ApiTokensView['created']>): SafeHtml {
  return html`<section class="card created" aria-labelledby="created-title">
  <h2 id="created-title">Token “${created.record.name}” created</h2>
  <p><strong>Copy it now.</strong> Gatehouse keeps only a fingerprint of it and cannot show it again.</p>
  <label for="new-token">Token value</label>
  <div class="copy-row"><input id="new-token" type="text" readonly value="${created.value}" class="secret" aria-describedby="new-token-hint">
  <button type="button" data-copy="new-token" class="secondary" hidden>Copy</button></div>
  <p id="new-token-hint" class="hint">Send it as <code>Authorization: Bearer …</code>. Scopes: ${created.record.scopes.join(', ')}</p>
</section>
<script src="/assets/copy-button.js" defer></script>`;
}

export function apiTokensPage(frame: PageFrame, view: ApiTokensView): string {
  const { owner } = view;
  const admin = owner.ws.role === 'admin';
  const site = owner.kind === 'site';
  const full = view.tokens.length >= TOKENS_PER_OWNER;
  const words = (text: string) => inLevelWords(frame.catalogue, text);
  const header = site ? siteHeader(frame.catalogue, owner.ws, owner.site, 'api') : workspaceHeader(frame.catalogue, owner.ws, 'tokens');
  const list =
    view.tokens.length === 0
      ? html`<p class="muted">No tokens yet.</p>`
      : html`<div class="table-wrap"><table class="stack">
  <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ''}</tr></thead>
  <tbody>${view.tokens.map(
    (
      t,
    ) => html`<tr><td class="lead"><a href="${tokenActionPath(owner)}/${t.id}">${t.name}</a></td><td data-label="Scopes">${scopeList(frame.catalogue, t.scopes)}</td><td data-label="Created">${when(t.createdOn)}</td><td data-label="Last used">${when(t.lastUsed)}</td>
  ${admin ? html`<td><a class="button danger small" href="${tokenActionPath(owner)}/${t.id}/revoke">Revoke<span class="sr-only"> ${t.name}</span></a></td>` : ''}</tr>`,
  )}</tbody>
</table></div>`;
  const form = !admin
    ? html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can create or revoke tokens.')}</p>`
    : full
      ? html`<p class="alert error" role="status">This ${words(owner.kind)} has ${TOKENS_PER_OWNER} tokens, the most allowed. Revoke one to create another.</p>`
      : html`<form method="post" action="${tokenActionPath(owner)}" novalidate>
  ${csrfInput(frame.csrf)}
  ${textField({ id: 'token-name', name: 'name', label: 'Token name', hint: 'so you can recognise it later', value: view.name, required: true, maxlength: 100, errors: view.errors })}
  ${scopeCheckboxes({
    catalogue: frame.catalogue,
    scopes: site ? frame.catalogue.scopeNames : frame.catalogue.workspaceTokenScopes,
    selected: view.scopes ?? [],
    available: site ? (s) => frame.catalogue.maySiteTokenCarry(s) : undefined,
    unavailableNote: `Not available to ${frame.catalogue.levels.site.singular} tokens`,
    errors: view.errors,
  })}
  <div class="actions"><button type="submit">Create token</button></div>
</form>`;
  const body = html`${header}
${alert('ok', view.notice)}${alert('error', view.error)}
${view.created ? createdToken(view.created) : ''}
<section class="card">
  <h2>${words(site ? 'Site tokens' : 'Workspace tokens')} <span class="muted small">${view.tokens.length} of ${TOKENS_PER_OWNER}</span></h2>
  <p class="muted">${words(site ? 'A site token reaches this site only, with the scopes you pick.' : 'A workspace token reads this workspace and its audit log.')} Tokens expire after 365 days unused.</p>
  ${list}
</section>
<section class="card">
  <h2>Create a token</h2>
  ${form}
</section>`;
  return dashboardPage(frame, site ? `API access · ${owner.site.displayName}` : `API tokens · ${owner.ws.name}`, body);
}
