import { inLevelWords } from '../../oauth/level-words.js';
import type { Site } from '../../platform/sites/sites.js';
import type { SiteWebhook, WebhookOwnerLabel } from '../../platform/webhooks/site-webhooks.js';
import type { TestEventOutcome } from '../../platform/webhooks/webhook-test-events.js';
import { TRIGGER_SCOPES, TRIGGER_TYPES } from '../../platform/webhooks/webhook-triggers.js';
import { canManageWebhooks } from '../../platform/workspaces/workspace-roles.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html, type SafeHtml } from '../html.js';
import { alert, csrfInput, fieldError, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, siteHeader, type PageFrame } from './shell.js';

export interface WebhooksView {
  ws: WorkspaceWithRole;
  site: Site;
  webhooks: SiteWebhook[];
  notice?: string | undefined;
  /** The create form as sent, with a message per field when it was refused. */
  form?: { triggerType: string; url: string; filterName: string };
  errors?: FieldErrors;
  /** The outcome of the site-wide "Send test event", shown on the page the POST answers. */
  testEvent?: TestEventOutcome;
}

export const webhooksPath = (siteId: string): string => `/sites/${siteId}/webhooks`;

export function ownerText(owner: WebhookOwnerLabel): SafeHtml {
  switch (owner.kind) {
    case 'app':
      return html`App <strong>${owner.name}</strong>${owner.via ? html` <span class="muted">(installed by ${owner.via})</span>` : ''}`;
    case 'admin':
      return html`${owner.name} <span class="muted">(dashboard)</span>`;
    case 'site_token':
      return html`Site token <strong>${owner.name}</strong>`;
    default:
      return html`<span class="muted">Operator (CLI)</span>`;
  }
}

export const activeBadge = (hook: SiteWebhook): SafeHtml | '' =>
  hook.active ? '' : html` <span class="badge failed" title="Deactivated after repeated failures">deactivated</span>`;

function testEventResult(outcome: TestEventOutcome | undefined) {
  if (!outcome) return '';
  if (outcome.deliveries.length === 0)
    return html`<p class="muted" role="status">No active <code>${outcome.triggerType}</code> webhooks on this site: nothing was sent.</p>`;
  return html`<div role="status"><p>Sent <code>${outcome.triggerType}</code> to ${String(outcome.deliveries.length)} webhook${outcome.deliveries.length === 1 ? '' : 's'}:</p>
  <ul class="plain">${outcome.deliveries.map((d) => html`<li class="row"><code>${d.url}</code> <span class="${d.status === 'delivered' ? 'ok' : 'error'}">${d.status}${d.statusCode ? html` (HTTP ${String(d.statusCode)})` : d.error ? html` (${d.error})` : ''}</span></li>`)}</ul></div>`;
}

function list(site: Site, hooks: SiteWebhook[], none: string): SafeHtml {
  if (hooks.length === 0) return html`<p class="muted">${none}</p>`;
  return html`<div class="table-wrap"><table class="stack">
  <thead><tr><th scope="col">Trigger type</th><th scope="col">URL</th><th scope="col">Created</th><th scope="col">Last triggered</th><th scope="col">Owner</th></tr></thead>
  <tbody>${hooks.map(
    (
      h,
    ) => html`<tr><td class="lead"><a href="${webhooksPath(site.id)}/${h.id}"><code class="nowrap">${h.triggerType}</code></a>${activeBadge(h)}${h.filter ? html` <span class="hint">form “${h.filter.name}”</span>` : ''}</td>
  <td data-label="URL" class="url"><code>${h.url}</code></td><td data-label="Created">${when(h.createdOn)}</td><td data-label="Last triggered">${when(h.lastTriggered)}</td><td data-label="Owner">${ownerText(h.owner)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function createForm(frame: PageFrame, view: WebhooksView): SafeHtml {
  const form = view.form ?? { triggerType: '', url: '', filterName: '' };
  const bad = Boolean(view.errors?.triggerType);
  return html`<form method="post" action="${webhooksPath(view.site.id)}" novalidate>
  ${csrfInput(frame.csrf)}
  <label for="webhook-trigger">Trigger type</label>
  <select id="webhook-trigger" name="trigger_type" required${bad ? html` aria-invalid="true" aria-describedby="webhook-trigger-error"` : ''}>
    <option value=""${form.triggerType === '' ? html` selected` : ''}>Choose a trigger type…</option>
    ${TRIGGER_TYPES.map((t) => html`<option value="${t}"${t === form.triggerType ? html` selected` : ''}>${t} (${TRIGGER_SCOPES[t]})</option>`)}
  </select>
  ${fieldError(view.errors, 'webhook-trigger', 'triggerType')}
  ${textField({ id: 'webhook-url', name: 'url', label: 'URL', hint: 'https; Gatehouse POSTs each event here', type: 'url', value: form.url, required: true, maxlength: 2048, errors: view.errors })}
  ${textField({ id: 'webhook-filter', name: 'filter_name', field: 'filter', label: 'Form name filter (optional)', hint: 'form_submission only: send only this form’s submissions', value: form.filterName, maxlength: 256, errors: view.errors })}
  <div class="actions"><button type="submit">Create webhook</button></div>
</form>`;
}

/** A site's Webhooks tab (docs/dashboard.md, "Webhooks"): everyone in the workspace reads it; admins change it. */
export function webhooksPage(frame: PageFrame, view: WebhooksView): string {
  const { ws, site } = view;
  const admin = canManageWebhooks(ws.role);
  const body = html`${siteHeader(frame.catalogue, ws, site, 'webhooks')}
${alert('ok', view.notice)}${view.errors ? alert('error', 'The webhook was not created: see the messages below.') : ''}
<section class="card">
  <h2>Webhooks <span class="muted small">${String(view.webhooks.length)}</span></h2>
  <p class="muted">${inLevelWords(frame.catalogue, 'Every webhook of this site, whoever made it. Open one for its deliveries.')}</p>
  ${list(site, view.webhooks, inLevelWords(frame.catalogue, 'No webhooks on this site yet.'))}
</section>
${
  admin
    ? html`<section class="card">
  <h2>Create a webhook</h2>
  <p class="muted">${inLevelWords(frame.catalogue, 'It belongs to you: it is signed with its own secret, shown once, and it ends if you stop being an admin of this workspace.')}</p>
  ${createForm(frame, view)}
</section>
<section class="card">
  <h2>Send a test event</h2>
  <p class="muted">${inLevelWords(frame.catalogue, 'Sends a realistic payload of the trigger type to every active webhook of this site for it, signed as real deliveries are.')}</p>
  ${testEventResult(view.testEvent)}
  <form method="post" action="${webhooksPath(site.id)}/test">
    ${csrfInput(frame.csrf)}
    <label for="trigger-type">Trigger type</label>
    <select id="trigger-type" name="trigger_type">${TRIGGER_TYPES.map((t) => html`<option${t === view.testEvent?.triggerType ? html` selected` : ''}>${t}</option>`)}</select>
    <div class="actions"><button type="submit" class="secondary">Send test event</button></div>
  </form>
</section>`
    : html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can create, delete or test webhooks.')}</p>`
}`;
  return dashboardPage(frame, `Webhooks · ${site.displayName}`, body);
}
