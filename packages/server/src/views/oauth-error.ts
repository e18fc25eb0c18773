import type { Catalogue } from '../oauth/scopes.js';
import { html } from './html.js';
import { errorPage } from './layout.js';

/** For a redirect URI mismatch: the URI the request sent and the ones the app registers. */
export interface RedirectUriMismatch {
  sent: string | null;
  registered: readonly string[];
}

function redirectUriDetail(uris: RedirectUriMismatch) {
  return html`<h2>Redirect URIs</h2>
    <p>Sent in the request: ${uris.sent === null ? html`<span class="muted">none</span>` : html`<code>${uris.sent}</code>`}</p>
    <p>Registered for this app (compared character by character):</p>
    <ul class="uri-list">
      ${uris.registered.map((uri) => html`<li><code>${uri}</code></li>`)}
    </ul>`;
}

/**
 * docs/webflow-wire.md, "Where Webflow is silent": an authorize request that cannot be redirected (unknown client, unregistered redirect URI,
 * unregistered scopes) ends on this page, with the OAuth error code for the developer.
 */
export function oauthErrorPage(title: string, error: string, description: string, catalogue: Catalogue, redirectUris?: RedirectUriMismatch): string {
  const detail = html`${redirectUris ? redirectUriDetail(redirectUris) : ''}
    <p class="muted">Error code: <code>${error}</code>. If you came here from an app, tell its developer.</p>`;
  return errorPage(title, description, catalogue, detail);
}

/** The same page for a failure known only by its HTTP status (the page surfaces' error handler). */
export function oauthErrorPageForStatus(title: string, message: string, status: number, catalogue: Catalogue): string {
  const error = status === 503 ? 'temporarily_unavailable' : status >= 500 ? 'server_error' : 'invalid_request';
  return oauthErrorPage(title, error, message, catalogue);
}
