import type { Catalogue } from '../oauth/scopes.js';
import type { OutboxEntry } from '../mail/dev-outbox.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { when } from './dashboard/form-kit.js';

const LINK = /(https?:\/\/[^\s<>"]+)/g;

/** The message text with its links clickable; everything else escaped as text. */
function withLinks(text: string): SafeHtml[] {
  return text.split(LINK).map((part, i) => (i % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

/** docs/configuration.md, "Email": the development outbox, newest message first. */
export function devOutboxPage(messages: readonly OutboxEntry[], catalogue: Catalogue): string {
  const body = html`<h1>Outbox</h1>
    <p class="muted">
      This development server has no SMTP server (<code>SMTP_URL</code>), so the email it sends is kept here, in memory, and printed to its terminal. Only this
      machine can open this page.
    </p>
    ${messages.length === 0 ? html`<p>No email sent yet.</p>` : ''}
    ${messages.map(
      (m) =>
        html`<article class="card">
          <h2>${m.subject}</h2>
          <p class="muted">To ${m.to} · ${when(m.sentAt)}</p>
          <pre class="mail">${withLinks(m.text)}</pre>
        </article>`,
    )}`;
  return layout({ title: 'Outbox', body, catalogue });
}
