import type { Catalogue } from '../../oauth/scopes.js';
import { html, type SafeHtml } from '../html.js';

/** Field-level messages from a PlatformError's `details`, keyed by field name. */
export type FieldErrors = Record<string, string>;

export const csrfInput = (csrf: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${csrf}">`;

/** The message under a field, tied to it by `aria-describedby`. */
export function fieldError(errors: FieldErrors | undefined, id: string, field: string): SafeHtml | '' {
  const message = errors?.[field];
  return message ? html`<p class="error" id="${id}-error">${message}</p>` : '';
}

export interface TextFieldOptions {
  id: string;
  name: string;
  label: string;
  value?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'url' | 'date';
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  errors?: FieldErrors | undefined;
  /** The PlatformError field this input reports (defaults to `name`). */
  field?: string;
  maxlength?: number;
}

export function textField(o: TextFieldOptions): SafeHtml {
  const field = o.field ?? o.name;
  const bad = Boolean(o.errors?.[field]);
  return html`<label for="${o.id}">${o.label}${o.hint ? html` <span class="hint">${o.hint}</span>` : ''}</label>
<input id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${bad ? html` aria-invalid="true" aria-describedby="${o.id}-error"` : ''}>
${fieldError(o.errors, o.id, field)}`;
}

/** Scope checkboxes grouped by resource; `available` says which may be picked (others are shown disabled, with why). */
export function scopeCheckboxes(options: {
  catalogue: Catalogue;
  scopes: readonly string[];
  selected: readonly string[];
  available?: (scope: string) => boolean;
  unavailableNote?: string;
  errors?: FieldErrors | undefined;
}): SafeHtml {
  const selected = new Set(options.selected);
  const bad = Boolean(options.errors?.scopes);
  const groups = options.catalogue.groupByResource(options.scopes);
  return html`<fieldset class="scopes"${bad ? html` aria-invalid="true" aria-describedby="scopes-error"` : ''}>
<legend>Scopes</legend>
${fieldError(options.errors, 'scopes', 'scopes')}
<div class="scope-grid">
${groups.map(
  (g) => html`<div class="scope-group"><p class="group-name">${g.resource}</p>
${g.scopes.map((s) => {
  const ok = options.available ? options.available(s.name) : true;
  const id = `scope-${s.name.replace(/[^a-z_]/g, '-')}`;
  return html`<label class="choice${ok ? '' : ' disabled'}" for="${id}"><input type="checkbox" id="${id}" name="scopes" value="${s.name}"${selected.has(s.name) && ok ? html` checked` : ''}${ok ? '' : html` disabled`}>
<span><code>${s.name}</code><br><span class="hint">${ok ? s.description : (options.unavailableNote ?? 'Not available here')}</span></span></label>`;
})}</div>`,
)}
</div>
</fieldset>`;
}

export function scopeList(catalogue: Catalogue, scopes: readonly string[]): SafeHtml {
  return html`<ul class="tags">${scopes.map((s) => html`<li title="${catalogue.scopes.get(s)?.description ?? ''}"><code>${s}</code></li>`)}</ul>`;
}

/** Dates as `2026-11-22 13:36 UTC`, in a <time> element. */
export function when(iso: string | null | undefined, empty = 'Never'): SafeHtml {
  if (!iso) return html`<span class="muted">${empty}</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

export function alert(kind: 'ok' | 'error', message: string | undefined): SafeHtml | '' {
  return message ? html`<p class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>` : '';
}
