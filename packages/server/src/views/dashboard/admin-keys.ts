import { ADMIN_SCOPES, type AdminKey, type AdminScope } from '../../platform/admin/admin-keys.js';
import { html, type SafeHtml } from '../html.js';
import { alert, csrfInput, fieldError, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, type PageFrame } from './shell.js';

export const ADMIN_KEYS_PATH = '/admin-keys';

export interface AdminKeysView {
  keys: AdminKey[];
  /** The new key's value: shown in this one response and never again. */
  created?: { value: string; record: AdminKey } | undefined;
  name?: string;
  scopes?: string[];
  errors?: FieldErrors;
  error?: string | undefined;
  notice?: string | undefined;
}

const scopeWords = (levels: PageFrame['catalogue']['levels']): Record<AdminScope, string> => ({
  'admin:read': `Read every user, ${levels.workspace.singular}, ${levels.site.singular}, app, token and audit event`,
  'admin:write': 'Also create, change, delete and revoke them (includes admin:read)',
});

function createdKey(created: NonNullable<AdminKeysView['created']>): SafeHtml {
  return html`<section class="card created" aria-labelledby="created-title">
  <h2 id="created-title">Admin API key “${created.record.name}” created</h2>
  <p><strong>Copy it now.</strong> Gatehouse keeps only a fingerprint of it and cannot show it again.</p>
  <label for="new-token">Key value</label>
  <div class="copy-row"><input id="new-token" type="text" readonly value="${created.value}" class="secret" aria-describedby="new-token-hint">
  <button type="button" data-copy="new-token" class="secondary" hidden>Copy</button></div>
  <p id="new-token-hint" class="hint">Send it as <code>Authorization: Bearer …</code> to <code>/admin/v1</code>. Scopes: ${created.record.scopes.join(', ')}</p>
</section>
<script src="/assets/copy-button.js" defer></script>`;
}

function scopeChoices(words: Record<AdminScope, string>, selected: readonly string[], errors: FieldErrors | undefined): SafeHtml {
  const bad = Boolean(errors?.scopes);
  return html`<fieldset class="scopes"${bad ? html` aria-invalid="true" aria-describedby="scopes-error"` : ''}>
<legend>Scopes</legend>
${fieldError(errors, 'scopes', 'scopes')}
<div class="scope-grid"><div class="scope-group">
${ADMIN_SCOPES.map((s) => {
  const id = `scope-${s.replace(/[^a-z]/g, '-')}`;
  return html`<label class="choice" for="${id}"><input type="checkbox" id="${id}" name="scopes" value="${s}"${selected.includes(s) ? html` checked` : ''}>
<span><code>${s}</code><br><span class="hint">${words[s]}</span></span></label>`;
})}
</div></div>
</fieldset>`;
}

/**
 * Admin API keys of the deployment (docs/dashboard.md, "Admin API keys"), for operators only: create with a
 * name and scopes (the value is shown once), list, revoke after a confirmation step.
 */
export function adminKeysPage(frame: PageFrame, view: AdminKeysView): string {
  const levels = frame.catalogue.levels;
  const list =
    view.keys.length === 0
      ? html`<p class="muted">No admin API keys yet.</p>`
      : html`<div class="table-wrap"><table class="stack">
  <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
  <tbody>${view.keys.map(
    (k) => html`<tr><td class="lead">${k.name}</td><td data-label="Key">${k.prefix ? html`<code>${k.prefix}…</code>` : html`<span class="muted">—</span>`}</td>
  <td data-label="Scopes"><ul class="tags">${k.scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul></td><td data-label="Created">${when(k.createdOn)}</td><td data-label="Last used">${when(k.lastUsed)}</td>
  <td><a class="button danger small" href="${ADMIN_KEYS_PATH}/${k.id}/revoke">Revoke<span class="sr-only"> ${k.name}</span></a></td></tr>`,
  )}</tbody>
</table></div>`;
  const body = html`<h1>Admin API keys</h1>
${alert('ok', view.notice)}${alert('error', view.error)}
${view.created ? createdKey(view.created) : ''}
<section class="card">
  <h2>Live keys <span class="muted small">${view.keys.length}</span></h2>
  <p class="muted">A key lets your product’s backend call the admin API (<code>/admin/v1</code>) across the whole deployment: every ${levels.workspace.singular}, ${levels.site.singular}, user and app. Keep keys on servers only. Only deployment operators see this page.</p>
  ${list}
</section>
<section class="card">
  <h2>Create a key</h2>
  <form method="post" action="${ADMIN_KEYS_PATH}" novalidate>
  ${csrfInput(frame.csrf)}
  ${textField({ id: 'key-name', name: 'name', label: 'Key name', hint: 'so you can recognise it later', value: view.name, required: true, maxlength: 100, errors: view.errors })}
  ${scopeChoices(scopeWords(levels), view.scopes ?? ['admin:read'], view.errors)}
  <div class="actions"><button type="submit">Create key</button></div>
  </form>
</section>`;
  return dashboardPage(frame, 'Admin API keys', body);
}
