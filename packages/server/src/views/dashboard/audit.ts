import { AUDIT_EVENT_TYPES } from '../../platform/audit.js';
import type { WorkspaceWithRole } from '../../platform/workspaces.js';
import type { AuditEventRow } from '../../store/schema.js';
import { html } from '../html.js';
import { alert, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';

export interface AuditFilters {
  type: string;
  from: string;
  to: string;
}

export interface AuditView {
  ws: WorkspaceWithRole;
  filters: AuditFilters;
  items: AuditEventRow[];
  total: number;
  offset: number;
  limit: number;
  errors?: FieldErrors;
}

function details(payload: string): string {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    return Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
  } catch {
    return '';
  }
}

/** docs/dashboard.md: the workspace audit log, filtered by event type and date range (GET form, bookmarkable). */
export function auditPage(frame: PageFrame, view: AuditView): string {
  const { ws, filters: f } = view;
  const query = (offset: number) => `?type=${encodeURIComponent(f.type)}&from=${encodeURIComponent(f.from)}&to=${encodeURIComponent(f.to)}&offset=${offset}`;
  const prev = view.offset > 0 ? Math.max(0, view.offset - view.limit) : undefined;
  const next = view.offset + view.limit < view.total ? view.offset + view.limit : undefined;
  const body = html`${workspaceHeader(ws, 'audit')}
${view.errors ? alert('error', 'Some filters were not valid; fix them and try again.') : ''}
<section class="card">
  <form method="get" action="/workspaces/${ws.id}/audit" class="filters">
    <div><label for="audit-type">Event type</label>
    <select id="audit-type" name="type"><option value="">All events</option>${AUDIT_EVENT_TYPES.map((t) => html`<option value="${t}"${t === f.type ? html` selected` : ''}>${t.replace(/_/g, ' ')}</option>`)}</select></div>
    <div>${textField({ id: 'audit-from', name: 'from', label: 'From', type: 'date', value: f.from, errors: view.errors })}</div>
    <div>${textField({ id: 'audit-to', name: 'to', label: 'To', type: 'date', value: f.to, errors: view.errors })}</div>
    <div class="actions"><button type="submit">Filter</button><a class="button secondary" href="/workspaces/${ws.id}/audit">Clear</a></div>
  </form>
</section>
<section class="card">
  <h2>Events <span class="muted small">${view.total}</span></h2>
  ${view.items.length === 0 ? html`<p class="muted">No events match.</p>` : html`<div class="table-wrap"><table class="stack">
    <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">Details</th></tr></thead>
    <tbody>${view.items.map((e) => html`<tr><td class="lead">${when(e.created_at)}</td><td data-label="Event"><code>${e.event_type}</code> <span class="muted">${e.event_sub_type}</span></td><td data-label="Who">${e.actor_email ?? html`<span class="muted">system or API</span>`}</td><td class="small" data-label="Details">${details(e.payload)}</td></tr>`)}</tbody>
  </table></div>`}
  <nav class="pager" aria-label="Pages">${prev !== undefined ? html`<a href="${query(prev)}">← Newer</a>` : ''}${next !== undefined ? html`<a href="${query(next)}">Older →</a>` : ''}</nav>
</section>`;
  return dashboardPage(frame, `Audit log · ${ws.name}`, body);
}
