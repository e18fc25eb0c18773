import type { Catalogue } from '../oauth/scopes.js';
import { html } from './html.js';
import { layout } from './layout.js';

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
}

export function loginPage(view: LoginView): string {
  const body = html`<section class="card narrow">
  <h1>Sign in</h1>
  ${view.error ? html`<p class="alert error" role="alert">${view.error}</p>` : ''}
  ${view.notice ? html`<p class="alert ok" role="status">${view.notice}</p>` : ''}
  ${(view.providers ?? []).map((p) => html`<p><a class="button" href="/login/upstream/${p.id}?return_to=${encodeURIComponent(view.returnTo)}">Sign in with ${p.name}</a></p>`)}
  ${view.passwords === false ? '' : html`<form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${view.csrfToken}">
    <input type="hidden" name="return_to" value="${view.returnTo}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${view.email ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions"><button type="submit">Sign in</button></div>
  </form>`}
  ${view.passwords === false ? '' : html`<p class="muted"><a href="/password/forgot">Forgot your password?</a></p>`}
  ${view.signupEnabled ? html`<p class="muted">No account? <a href="/signup?return_to=${encodeURIComponent(view.returnTo)}">Create one</a>.</p>` : ''}
</section>`;
  return layout({ title: 'Sign in', body, catalogue: view.catalogue });
}
