import type { AskingApp } from '../platform/authorization/asking-app.js';
import { homepageHost } from '../platform/apps/app-homepage.js';
import type { Catalogue } from '../oauth/scopes.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { PASSKEY_SCRIPTS, passkeyForm } from './two-factor.js';

export interface LoginView {
  csrfToken: string;
  returnTo: string;
  email?: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
  signupEnabled: boolean;
  /** Whether the email and password form is offered (LOCAL_PASSWORDS). */
  passwords?: boolean | undefined;
  /** Upstream OpenID providers, one "Sign in with …" button each. */
  providers?: Array<{ id: string; name: string }> | undefined;
  catalogue: Catalogue;
  /** During OAuth: the app the user is signing in for. */
  asking?: AskingApp | undefined;
}

function askingFor(app: AskingApp) {
  return html`<div class="asking" role="note">
    ${app.logoUrl ? html`<img class="app-logo" src="${app.logoUrl}" alt="" width="40" height="40" referrerpolicy="no-referrer">` : html`<span class="app-logo placeholder" aria-hidden="true">${app.name.slice(0, 1).toUpperCase()}</span>`}
    <p><strong>${app.name}</strong> <span class="muted">(${homepageHost(app.homepage)})</span> is asking for access. Sign in to choose what it may reach.</p>
  </div>`;
}

export function loginPage(view: LoginView): string {
  const body = html`<section class="card narrow">
  <h1>Sign in</h1>
  ${view.asking ? askingFor(view.asking) : ''}
  ${view.error ? html`<p class="alert error" role="alert">${view.error}</p>` : ''}
  ${view.notice ? html`<p class="alert ok" role="status">${view.notice}</p>` : ''}
  ${(view.providers ?? []).map((p) => html`<p><a class="button" href="/login/upstream/${p.id}?return_to=${encodeURIComponent(view.returnTo)}">Sign in with ${p.name}</a></p>`)}
  ${
    view.passwords === false
      ? ''
      : html`<form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${view.csrfToken}">
    <input type="hidden" name="return_to" value="${view.returnTo}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${view.email ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions"><button type="submit">Sign in</button></div>
  </form>`
  }
  ${passkeyForm({
    kind: 'authenticate',
    action: '/login/passkey',
    options: '/login/passkey/options',
    csrf: view.csrfToken,
    label: 'Use a passkey',
    secondary: true,
    extra: html`<input type="hidden" name="return_to" value="${view.returnTo}">`,
  })}
  ${view.passwords === false ? '' : html`<p class="muted"><a href="/password/forgot">Forgot your password?</a></p>`}
  ${view.signupEnabled ? html`<p class="muted">No account? <a href="/signup?return_to=${encodeURIComponent(view.returnTo)}">Create one</a>.</p>` : ''}
</section>`;
  return layout({ title: 'Sign in', body, catalogue: view.catalogue, scripts: PASSKEY_SCRIPTS });
}
