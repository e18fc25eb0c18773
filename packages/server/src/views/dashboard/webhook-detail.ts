import type { Site } from '../../platform/sites/sites.js';
import type { SiteWebhook } from '../../platform/webhooks/site-webhooks.js';
import type { DeliveryLogEntry } from '../../platform/webhooks/webhook-delivery.js';
import { canManageWebhooks } from '../../platform/workspaces/workspace-roles.js';
import type { WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html, type SafeHtml } from '../html.js';
import { alert, csrfInput, when } from './form-kit.js';
import { dashboardPage, siteHeader, type PageFrame } from './shell.js';
import { activeBadge, ownerText, webhooksPath } from './webhooks.js';

export interface WebhookDetailView {
  ws: WorkspaceWithRole;
  site: Site;
  webhook: SiteWebhook;
  deliveries: DeliveryLogEntry[];
  notice?: string | undefined;
  error?: string | undefined;
  /** The signing secret of a webhook just made: shown on this one response and never again. */
  secretKey?: string | undefined;
}

/** How many deliveries a webhook's page lists, newest first. */
export const DELIVERIES_SHOWN = 25;

export const webhookPath = (siteId: string, webhookId: string): string => `${webhooksPath(siteId)}/${webhookId}`;

function secretCard(secretKey: string): SafeHtml {
  return html`<section class="card created" aria-labelledby="secret-title">
  <h2 id="secret-title">Copy the signing secret now</h2>
  <p>Gatehouse keeps it sealed and cannot show it again.</p>
  <label for="webhook-secret">Signing secret</label>
  <div class="copy-row"><input id="webhook-secret" type="text" readonly value="${secretKey}" class="secret" aria-describedby="webhook-secret-hint">
  <button type="button" data-copy="webhook-secret" class="secondary" hidden>Copy</button></div>
  <p id="webhook-secret-hint" class="hint">Check <code>x-webflow-signature</code> with it: the hex HMAC-SHA256 of <code>timestamp:body</code>.</p>
</section>
<script src="/assets/copy-button.js" defer></script>`;
}

const STATUS_NOTE: Record<string, string> = { delivered: 'delivered', failed: 'failed', pending: 'pending' };

function outcome(d: DeliveryLogEntry): SafeHtml {
  const answer =
    d.lastStatusCode !== null ? html`HTTP ${String(d.lastStatusCode)}` : d.lastError ? html`${d.lastError}` : html`<span class="muted">not sent yet</span>`;
  return html`<span class="badge ${d.status}">${STATUS_NOTE[d.status] ?? d.status}</span> ${answer}`;
}

function deliveryRows(frame: PageFrame, view: WebhookDetailView, admin: boolean): SafeHtml {
  if (view.deliveries.length === 0) return html`<p class="muted">No deliveries yet. Send a test event to see one.</p>`;
  const path = webhookPath(view.site.id, view.webhook.id);
  return html`<div class="table-wrap"><table class="stack">
  <thead><tr><th scope="col">Delivery</th><th scope="col">Status</th><th scope="col">Response time</th><th scope="col">Attempts</th><th scope="col">Last attempt</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ''}</tr></thead>
  <tbody>${view.deliveries.map(
    (
      d,
    ) => html`<tr><td class="lead"><code>${d.id}</code><br><span class="hint">queued ${when(d.createdOn)}</span></td><td data-label="Status">${outcome(d)}${d.status === 'pending' && d.attempts > 0 ? html`<br><span class="hint">next attempt ${when(d.nextAttemptAt)}</span>` : ''}</td>
  <td data-label="Response time">${d.responseMs !== null ? `${d.responseMs} ms` : html`<span class="muted">—</span>`}</td><td data-label="Attempts">${String(d.attempts)}</td><td data-label="Last attempt">${when(d.lastAttemptAt, 'Not yet')}</td>
  ${
    admin
      ? html`<td>${
          d.status === 'pending'
            ? html`<span class="hint">queued</span>`
            : html`<form method="post" action="${path}/deliveries/${d.id}/redeliver" class="row-form">${csrfInput(frame.csrf)}<button type="submit" class="secondary small">Redeliver<span class="sr-only"> ${d.id}</span></button></form>`
        }</td>`
      : ''
  }</tr>`,
  )}</tbody>
</table></div>`;
}

/** One webhook with its latest deliveries (docs/dashboard.md, "Webhooks"); admins redeliver, test and delete. */
export function webhookDetailPage(frame: PageFrame, view: WebhookDetailView): string {
  const { ws, site, webhook } = view;
  const admin = canManageWebhooks(ws.role);
  const path = webhookPath(site.id, webhook.id);
  const body = html`${siteHeader(frame.catalogue, ws, site, 'webhooks')}
${alert('ok', view.notice)}${alert('error', view.error)}
${view.secretKey ? secretCard(view.secretKey) : ''}
<section class="card">
  <h2><code>${webhook.triggerType}</code> webhook${activeBadge(webhook)}</h2>
  <dl class="facts"><dt>URL</dt><dd><code>${webhook.url}</code></dd><dt>Owner</dt><dd>${ownerText(webhook.owner)}</dd>${webhook.filter ? html`<dt>Form filter</dt><dd>${webhook.filter.name}</dd>` : ''}<dt>Created</dt><dd>${when(webhook.createdOn)}</dd><dt>Last triggered</dt><dd>${when(webhook.lastTriggered)}</dd><dt>Webhook id</dt><dd><code>${webhook.id}</code></dd></dl>
  ${
    admin
      ? html`<div class="actions"><form method="post" action="${path}/test" class="row-form">${csrfInput(frame.csrf)}<button type="submit">Send test event</button></form>
  <a class="button danger" href="${path}/delete">Delete webhook…</a></div>
  ${webhook.active ? '' : html`<p class="hint">Deactivated after repeated failures: a test event or a redelivery turns it back on.</p>`}`
      : ''
  }
</section>
<section class="card">
  <h2>Last deliveries</h2>
  <p class="muted">Newest first, up to ${String(DELIVERIES_SHOWN)}. A redelivery is one more attempt under the same delivery id (sent as the <code class="nowrap">x-gatehouse-delivery-id</code> header), so a receiver can drop a repeat.</p>
  ${deliveryRows(frame, view, admin)}
</section>
<p><a href="${webhooksPath(site.id)}">← All webhooks of ${site.displayName}</a></p>`;
  return dashboardPage(frame, `${webhook.triggerType} webhook · ${site.displayName}`, body);
}
