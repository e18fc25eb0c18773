import { inLevelWords } from '../../oauth/level-words.js';
import type { Catalogue } from '../../oauth/scopes.js';
import { AUDIT_EVENT_TYPES } from '../../platform/audit/audit.js';
import type { NamedAuditEvent } from '../../platform/audit/audit-names.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html, type SafeHtml } from '../html.js';
import { alert, fieldError, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';

export interface AuditFilters {
  type: string;
  /** A user id, `system` for events with no user, or empty for everyone. */
  actor: string;
  /** A site or app id, or empty. */
  resource: string;
  from: string;
  to: string;
}

export interface AuditFilterChoices {
  actors: Array<{ id: string; email: string }>;
  sites: Array<{ id: string; name: string }>;
  apps: Array<{ id: string; name: string }>;
}

export interface AuditView {
  ws: WorkspaceWithRole;
  filters: AuditFilters;
  choices: AuditFilterChoices;
  items: NamedAuditEvent[];
  total: number;
  offset: number;
  limit: number;
  errors?: FieldErrors;
}

/** The filters as a query string, for the pager and the export links. */
export function auditQuery(f: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const option = (value: string, label: string, selected: string) =>
  html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label}</option>`;

function select(id: string, name: string, label: string, body: SafeHtml, errors: FieldErrors | undefined, field = name) {
  const bad = Boolean(errors?.[field]);
  return html`<div>
    <label for="${id}">${label}</label>
    <select id="${id}" name="${name}" ${bad ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
      ${body}</select
    >${fieldError(errors, id, field)}
  </div>`;
}

function eventRow(e: NamedAuditEvent, catalogue: Catalogue) {
  return html`<tr>
    <td class="lead">${when(e.createdAt)}</td>
    <td data-label="Event"><code>${e.eventType}</code><br /><span class="muted small">${e.eventSubType}</span></td>
    <td data-label="Who">
      ${e.actorEmail ? html`${e.actorName ?? ''}${e.actorName ? html`<br />` : ''}<span class="muted small">${e.actorEmail}</span>` : html`<span class="muted">system or API</span>`}
    </td>
    <td data-label="Details" class="details">
      ${
        e.details.length
          ? html`<ul class="plain detail-list">
              ${e.details.map((d) => html`<li><span class="muted">${inLevelWords(catalogue, d.label)}:</span> ${d.value}</li>`)}
            </ul>`
          : html`<span class="muted">none</span>`
      }
    </td>
  </tr>`;
}

/** docs/dashboard.md, "Audit log": filters (GET form, bookmarkable), names instead of ids, export of the same selection. */
export function auditPage(frame: PageFrame, view: AuditView): string {
  const { ws, filters: f, choices } = view;
  const base = `/workspaces/${ws.id}/audit`;
  const prev = view.offset > 0 ? Math.max(0, view.offset - view.limit) : undefined;
  const next = view.offset + view.limit < view.total ? view.offset + view.limit : undefined;
  const body = html`${workspaceHeader(frame.catalogue, ws, 'audit')} ${view.errors ? alert('error', 'Some filters were not valid; fix them and try again.') : ''}
    <section class="card">
      <h2>Filter</h2>
      <form method="get" action="${base}" class="filters">
        ${select('audit-type', 'type', 'Event type', html`${option('', 'All events', f.type)}${AUDIT_EVENT_TYPES.map((t) => option(t, t.replace(/_/g, ' '), f.type))}`, view.errors)}
        ${select('audit-actor', 'actor', 'Who', html`${option('', 'Anyone', f.actor)}${option('system', 'System or API', f.actor)}${choices.actors.map((a) => option(a.id, a.email, f.actor))}`, view.errors)}
        ${select('audit-resource', 'resource', 'About', html`${option('', 'Anything', f.resource)}${choices.sites.length ? html`<optgroup label="${inLevelWords(frame.catalogue, 'Sites')}">${choices.sites.map((s) => option(s.id, s.name, f.resource))}</optgroup>` : ''}${choices.apps.length ? html`<optgroup label="Apps">${choices.apps.map((a) => option(a.id, a.name, f.resource))}</optgroup>` : ''}`, view.errors)}
        <div>${textField({ id: 'audit-from', name: 'from', label: 'From', type: 'date', value: f.from, errors: view.errors })}</div>
        <div>${textField({ id: 'audit-to', name: 'to', label: 'To', type: 'date', value: f.to, errors: view.errors })}</div>
        <div class="actions"><button type="submit">Filter</button><a class="button secondary" href="${base}">Clear</a></div>
      </form>
    </section>
    <section class="card">
      <div class="section-head">
        <h2>Events <span class="muted small">${view.total}</span></h2>
        <p class="small">
          Export these: <a href="${base}/export${auditQuery(f, { format: 'csv' })}">CSV</a> ·
          <a href="${base}/export${auditQuery(f, { format: 'json' })}">JSON</a>
        </p>
      </div>
      ${
        view.items.length === 0
          ? html`<p class="muted">No events match.</p>`
          : html`<table class="stack audit">
              <thead>
                <tr>
                  <th scope="col" class="when">When</th>
                  <th scope="col" class="event">Event</th>
                  <th scope="col" class="who">Who</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                ${view.items.map((e) => eventRow(e, frame.catalogue))}
              </tbody>
            </table>`
      }
      <nav class="pager" aria-label="Pages">
        ${prev !== undefined ? html`<a href="${auditQuery(f, { offset: String(prev) }) || base}">← Newer</a>` : ''}${next !== undefined ? html`<a href="${auditQuery(f, { offset: String(next) })}">Older →</a>` : ''}
      </nav>
    </section>`;
  return dashboardPage(frame, `Audit log · ${ws.name}`, body);
}
