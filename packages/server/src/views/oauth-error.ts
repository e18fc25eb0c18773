import type { Catalogue } from '../oauth/scopes.js';
import { html } from './html.js';
import { layout } from './layout.js';

/**
 * docs/webflow-wire.md, "Where Webflow is silent": an authorize request that cannot be redirected (unknown client, unregistered redirect URI,
 * unregistered scopes) ends on this page, with the OAuth error code for the developer.
 */
export function oauthErrorPage(title: string, error: string, description: string, catalogue: Catalogue): string {
  const body = html`<section class="card narrow">
  <h1>${title}</h1>
  <p>${description}</p>
  <p class="muted">Error code: <code>${error}</code>. If you came here from an app, tell its developer.</p>
</section>`;
  return layout({ title, body, catalogue });
}

/** The same page for a failure known only by its HTTP status (the page surfaces' error handler). */
export function oauthErrorPageForStatus(title: string, message: string, status: number, catalogue: Catalogue): string {
  const error = status === 503 ? 'temporarily_unavailable' : status >= 500 ? 'server_error' : 'invalid_request';
  return oauthErrorPage(title, error, message, catalogue);
}
