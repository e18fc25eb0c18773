import { inLevelWords } from '../../oauth/level-words.js';
import { TOKENS_PER_OWNER, type ApiToken } from '../../platform/tokens/api-tokens.js';
import type { Site } from '../../platform/sites/sites.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html, type SafeHtml } from '../html.js';
import { alert, csrfInput, fieldError, scopeCheckboxes, scopeList, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, siteHeader, workspaceHeader, type PageFrame } from './shell.js';

export type TokenOwner = { kind: 'site'; ws: WorkspaceWithRole; site: Site } | { kind: 'workspace'; ws: WorkspaceWithRole };

export interface ApiTokensView {
  owner: TokenOwner;
  tokens: ApiToken[];
  /** The new token's value: shown in this one response and never again. */
  created?: { value: string; record: ApiToken };
  name?: string;
  scopes?: string[];
  /** The expiry choice as posted: `inactivity`, a number of days, or `custom` with `expiresOn`. */
  expiry?: string;
  expiresOn?: string;
  errors?: FieldErrors;
  error?: string | undefined;
  notice?: string | undefined;
}

export const tokensPath = (owner: TokenOwner): string => (owner.kind === 'site' ? `/sites/${owner.site.id}/api-access` : `/workspaces/${owner.ws.id}/tokens`);
export const tokenActionPath = (owner: TokenOwner): string => (owner.kind === 'site' ? `/sites/${owner.site.id}/tokens` : `/workspaces/${owner.ws.id}/tokens`);

/** The expiry presets (docs/dashboard.md, "Token expiry"); a date typed with the default chosen means that date. */
export const EXPIRY_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'inactivity', label: '365 days after its last use (the default)' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: 'custom', label: 'On a date…' },
];

function expiryFields(view: ApiTokensView): SafeHtml {
  const chosen = view.expiry ?? 'inactivity';
  const bad = Boolean(view.errors?.expiry);
  const invalid = bad ? html` aria-invalid="true" aria-describedby="token-expiry-error"` : '';
  return html`<fieldset class="expiry"><legend>Expiry</legend>
<label for="token-expiry">Expires</label>
<select id="token-expiry" name="expiry"${invalid}>${EXPIRY_CHOICES.map(
    (c) => html`<option value="${c.value}"${c.value === chosen ? html` selected` : ''}>${c.label}</option>`,
  )}</select>
<label for="token-expires-on">Date <span class="hint">for “On a date…”: the token works through this day (UTC), at most 365 days ahead</span></label>
<input id="token-expires-on" name="expires_on" type="date" value="${view.expiresOn ?? ''}"${invalid}>
${fieldError(view.errors, 'token-expiry', 'expiry')}
</fieldset>`;
}

/** What a list says of a token's end: expired, a fixed date, or 365 days unused from now on. */
function expiryCell(t: ApiToken): SafeHtml {
  if (t.expired) return html`<span class="badge expired">expired</span> ${when(t.expiresOn)}`;
  if (t.expiry === 'fixed') return html`${when(t.expiresOn)}`;
  return html`${when(t.expiresOn)} <span class="hint">unless used (365 days unused)</span>`;
}

/** The type prefix and last four characters; tokens made before hints were kept have none. */
const hintCell = (t: ApiToken): SafeHtml =>
  t.displayHint
    ? html`<code class="token-hint">${t.displayHint}</code>`
    : html`<span class="muted" title="Made before Gatehouse kept token hints">no hint</span>`;

function createdToken(created: NonNullable<ApiTokensView['created']>): SafeHtml {
  return html`<section class="card created" aria-labelledby="created-title">
  <h2 id="created-title">Token “${created.record.name}” created</h2>
  <p><strong>Copy it now.</strong> Gatehouse keeps only a fingerprint of it and cannot show it again.</p>
  <label for="new-token">Token value</label>
  <div class="copy-row"><input id="new-token" type="text" readonly value="${created.value}" class="secret" aria-describedby="new-token-hint">
  <button type="button" data-copy="new-token" class="secondary" hidden>Copy</button></div>
  <p id="new-token-hint" class="hint">Send it as <code>Authorization: Bearer …</code>. Scopes: ${created.record.scopes.join(', ')}. ${
    created.record.expiry === 'fixed' ? html`Expires ${when(created.record.expiresOn)}.` : 'Expires after 365 days unused.'
  } Lists show it as <code>${created.record.displayHint ?? ''}</code>.</p>
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
  <thead><tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ''}</tr></thead>
  <tbody>${view.tokens.map(
    (
      t,
    ) => html`<tr><td class="lead"><a href="${tokenActionPath(owner)}/${t.id}">${t.name}</a></td><td data-label="Token">${hintCell(t)}</td><td data-label="Scopes">${scopeList(frame.catalogue, t.scopes)}</td><td data-label="Created">${when(t.createdOn)}</td><td data-label="Last used">${when(t.lastUsed)}</td><td data-label="Expires">${expiryCell(t)}</td>
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
  ${expiryFields(view)}
  <div class="actions"><button type="submit">Create token</button></div>
</form>`;
  const body = html`${header}
${alert('ok', view.notice)}${alert('error', view.error)}
${view.created ? createdToken(view.created) : ''}
<section class="card">
  <h2>${words(site ? 'Site tokens' : 'Workspace tokens')} <span class="muted small">${view.tokens.length} of ${TOKENS_PER_OWNER}</span></h2>
  <p class="muted">${words(site ? 'A site token reaches this site only, with the scopes you pick.' : 'A workspace token reads this workspace and its audit log.')} A token expires after 365 days unused, or on the date chosen when it was made.</p>
  ${list}
</section>
<section class="card">
  <h2>Create a token</h2>
  ${form}
</section>`;
  return dashboardPage(frame, site ? `API access · ${owner.site.displayName}` : `API tokens · ${owner.ws.name}`, body);
}
