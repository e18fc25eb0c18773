import type { AuthorizedUser, Site } from '@gatehouse/sdk';
import { html, layout } from './html.js';

/** The start page: a link that begins the OAuth flow. */
export function homePage(flash: string | undefined): string {
  return layout(
    'Gatehouse example',
    html`
${flash ? html`<p class="note" role="status">${flash}</p>` : ''}
<p>This app lists the sites you let it see. It never learns your password: Gatehouse asks you, and
hands the app a token limited to what you approve.</p>
<p><a class="button" id="connect" href="/auth">Connect with Gatehouse</a></p>`,
  );
}

/** The signed-in page: the sites the token reaches, and the disconnect form. */
export function dashboardPage(view: { sites: Site[]; user: AuthorizedUser | undefined; scope: string; csrfToken: string }): string {
  const items = view.sites.map(
    (site) => html`<li data-site-id="${site.id}"><strong>${site.displayName}</strong>
    <code>${site.shortName}</code> · ${site.timeZone ?? ''}</li>`,
  );
  return layout(
    'Your sites',
    html`
${view.user ? html`<p>Connected as <strong id="user-email">${view.user.email}</strong>.</p>` : ''}
<p>Granted scopes: <code id="scopes">${view.scope}</code></p>
${items.length ? html`<ul id="sites">${items}</ul>` : html`<p id="no-sites">This token reaches no site.</p>`}
<form method="post" action="/disconnect">
  <input type="hidden" name="csrf" value="${view.csrfToken}">
  <button class="danger" id="disconnect" type="submit">Disconnect</button>
</form>`,
  );
}

/** Anything that went wrong, with a way back. */
export function errorPage(title: string, message: string): string {
  return layout(title, html`<p class="note error" role="alert">${message}</p><p><a href="/">Back to the start</a></p>`);
}
