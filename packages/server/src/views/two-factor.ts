import type { Catalogue } from '../oauth/scopes.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** The scripts a page with a passkey button loads (same origin; the page works without them). */
export const PASSKEY_SCRIPTS = ['/assets/simplewebauthn-browser.js', '/assets/passkeys.js'];

/** A passkey button: a form hidden until the script shows it, which fills `response` and sends the form. */
export function passkeyForm(o: {
  kind: 'register' | 'authenticate';
  action: string;
  options: string;
  csrf: string;
  label: string;
  secondary?: boolean;
  extra?: SafeHtml;
}): SafeHtml {
  return html`<form method="post" action="${o.action}" data-passkey="${o.kind}" data-options="${o.options}" hidden>
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <input type="hidden" name="response" value="">
  ${o.extra ?? ''}
  <div class="actions"><button type="submit"${o.secondary ? html` class="secondary"` : ''}>${o.label}</button></div>
  <p class="muted" aria-live="polite" data-passkey-status></p>
</form>`;
}

export interface SecondStepView {
  csrfToken: string;
  email: string;
  totp: boolean;
  passkeys: boolean;
  error?: string | undefined;
  catalogue: Catalogue;
}

/** The second step of sign-in (docs/dashboard.md, "Two-factor sign-in"). */
export function secondStepPage(view: SecondStepView): string {
  const body = html`<section class="card narrow">
  <h1>Two-factor sign-in</h1>
  <p>Signing in as <strong>${view.email}</strong>.</p>
  ${view.error ? html`<p class="alert error" role="alert">${view.error}</p>` : ''}
  ${
    view.passkeys
      ? passkeyForm({
          kind: 'authenticate',
          action: '/login/two-factor/passkey',
          options: '/login/two-factor/passkey/options',
          csrf: view.csrfToken,
          label: 'Use a passkey',
        })
      : ''
  }
  <form method="post" action="/login/two-factor">
    <input type="hidden" name="_csrf" value="${view.csrfToken}">
    <label for="code">${view.totp ? 'Code from your authenticator app, or a recovery code' : 'Recovery code'}</label>
    <input id="code" name="code" type="text" inputmode="${view.totp ? 'numeric' : 'text'}" autocomplete="one-time-code" required maxlength="20" autofocus>
    <div class="actions"><button type="submit">Continue</button></div>
  </form>
  <p class="muted">Lost your device? Use one of the recovery codes you saved. <a href="/login">Start again</a>.</p>
</section>`;
  return layout({ title: 'Two-factor sign-in', body, catalogue: view.catalogue, scripts: view.passkeys ? PASSKEY_SCRIPTS : [] });
}
