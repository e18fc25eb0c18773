import { inLevelWords } from '../../oauth/level-words.js';
import type { Catalogue } from '../../oauth/scopes.js';
import type { Passkey } from '../../platform/accounts/two-factor/passkeys.js';
import { RECOVERY_CODE_COUNT } from '../../platform/accounts/two-factor/recovery-codes.js';
import { MIN_PASSWORD_LENGTH } from '../../platform/accounts/users.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { PASSKEY_SCRIPTS, passkeyForm } from '../two-factor.js';
import { alert, csrfInput, fieldError, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, type PageFrame } from './shell.js';

export interface SignupView {
  csrf: string;
  returnTo: string;
  values?: { email: string; firstName: string; lastName: string };
  errors?: FieldErrors;
  message?: string;
  catalogue: Catalogue;
}

export function signupPage(view: SignupView): string {
  const v = view.values;
  const body = html`<section class="card narrow">
  <h1>Create your account</h1>
  ${alert('error', view.message)}
  <form method="post" action="/signup" novalidate>
    ${csrfInput(view.csrf)}
    <input type="hidden" name="return_to" value="${view.returnTo}">
    ${textField({ id: 'email', name: 'email', label: 'Email', type: 'email', value: v?.email, required: true, autocomplete: 'username', errors: view.errors })}
    <div class="two">
      <div>${textField({ id: 'first_name', name: 'first_name', field: 'firstName', label: 'First name', value: v?.firstName, required: true, autocomplete: 'given-name', errors: view.errors })}</div>
      <div>${textField({ id: 'last_name', name: 'last_name', field: 'lastName', label: 'Last name', value: v?.lastName, autocomplete: 'family-name', errors: view.errors })}</div>
    </div>
    ${textField({ id: 'password', name: 'password', label: 'Password', type: 'password', hint: `at least ${MIN_PASSWORD_LENGTH} characters`, required: true, autocomplete: 'new-password', errors: view.errors })}
    <div class="actions"><button type="submit">Create account</button></div>
  </form>
  <p class="muted">Already have an account? <a href="/login?return_to=${encodeURIComponent(view.returnTo)}">Sign in</a>.</p>
</section>`;
  return layout({ title: 'Sign up', body, catalogue: view.catalogue });
}

export interface AccountView {
  name: string;
  email: string;
  emailVerified: boolean;
  errors?: FieldErrors;
  notice?: string;
  twoFactor: TwoFactorView;
}

export function accountPage(frame: PageFrame, view: AccountView): string {
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">${inLevelWords(frame.catalogue, 'Workspaces')}</a> / <span>Account</span></nav>
<h1>Your account</h1>
${alert('ok', view.notice)}
${
  view.twoFactor.requiredBy.length && !view.twoFactor.totp && view.twoFactor.passkeys.length === 0
    ? html`<p class="alert error" role="alert">${view.twoFactor.requiredBy.join(', ')} require${view.twoFactor.requiredBy.length === 1 ? 's' : ''} two-factor sign-in. <a href="#two-factor">Set it up below</a> to continue.</p>`
    : ''
}
<section class="card">
  <dl class="facts"><dt>Name</dt><dd>${view.name}</dd><dt>Email</dt><dd>${view.email} ${view.emailVerified ? html`<span class="badge">confirmed</span>` : html`<span class="badge">not confirmed</span>`}</dd></dl>
  ${
    view.emailVerified
      ? ''
      : html`<p>Confirm your address to install apps: open the link we emailed to it.</p>
  <form method="post" action="/account/verification">${csrfInput(frame.csrf)}<div class="actions"><button type="submit" class="secondary">Send the email again</button></div></form>`
  }
</section>
<section class="card">
  <h2>Change password</h2>
  <p class="muted">Changing your password signs you out everywhere else.</p>
  <form method="post" action="/account/password" novalidate>
    ${csrfInput(frame.csrf)}
    <input type="hidden" name="username" value="${view.email}" autocomplete="username">
    ${textField({ id: 'current_password', name: 'current_password', field: 'currentPassword', label: 'Current password', type: 'password', required: true, autocomplete: 'current-password', errors: view.errors })}
    ${textField({ id: 'new_password', name: 'new_password', field: 'password', label: 'New password', type: 'password', hint: `at least ${MIN_PASSWORD_LENGTH} characters`, required: true, autocomplete: 'new-password', errors: view.errors })}
    ${textField({ id: 'confirm_password', name: 'confirm_password', field: 'confirm', label: 'Repeat the new password', type: 'password', required: true, autocomplete: 'new-password', errors: view.errors })}
    <div class="actions"><button type="submit">Change password</button></div>
  </form>
</section>
${twoFactorSection(frame, view.twoFactor)}`;
  return dashboardPage(frame, 'Account', body, PASSKEY_SCRIPTS);
}

export interface TwoFactorView {
  totp: boolean;
  passkeys: Passkey[];
  recoveryCodesLeft: number;
  /** Workspaces that require two-factor sign-in of this account and that it cannot open until it has it. */
  requiredBy: string[];
  errors?: FieldErrors;
  /** Where to go once set up (a workspace or consent screen that sent the owner here). */
  returnTo?: string | undefined;
}

function twoFactorSection(frame: PageFrame, view: TwoFactorView): SafeHtml {
  const on = view.totp || view.passkeys.length > 0;
  const back = view.returnTo ? html`<input type="hidden" name="return_to" value="${view.returnTo}">` : '';
  const proofField = (id: string) =>
    textField({
      id,
      name: 'proof',
      label: 'Your password, or a current code',
      type: 'password',
      required: true,
      autocomplete: 'current-password',
      errors: view.errors,
      field: 'proof',
    });
  return html`<section class="card" id="two-factor">
  <h2>Two-factor sign-in ${on ? html`<span class="badge">on</span>` : html`<span class="badge">off</span>`}</h2>
  <p class="muted">After your password, sign-in asks for a code from an authenticator app or a passkey.</p>
  <h3>Authenticator app</h3>
  ${
    view.totp
      ? html`<p>An authenticator app is set up.</p>`
      : html`<form method="post" action="/account/two-factor/totp">${csrfInput(frame.csrf)}${back}<div class="actions"><button type="submit">Set up an authenticator app</button></div></form>`
  }
  <h3>Passkeys</h3>
  ${
    view.passkeys.length
      ? html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col">Remove</th></tr></thead>
    <tbody>${view.passkeys.map(
      (p) => html`<tr><td>${p.name}</td><td>${when(p.createdAt)}</td><td>${when(p.lastUsedAt)}</td><td>
      <form method="post" action="/account/passkeys/${p.id}/remove" class="inline-form">${csrfInput(frame.csrf)}
        <label for="proof-${p.id}" class="hint">Password or code</label>
        <input id="proof-${p.id}" name="proof" type="password" required autocomplete="current-password">
        <button type="submit" class="secondary">Remove</button></form></td></tr>`,
    )}</tbody>
  </table></div>`
      : html`<p class="muted">No passkeys yet.</p>`
  }
  ${passkeyForm({
    kind: 'register',
    action: '/account/passkeys',
    options: '/account/passkeys/options',
    csrf: frame.csrf,
    label: 'Add a passkey',
    extra: html`${back}${textField({ id: 'passkey-name', name: 'name', label: 'Passkey name', hint: 'e.g. "Work laptop"', maxlength: 60, errors: view.errors, field: 'name' })}${fieldError(view.errors, 'passkey', 'passkey')}`,
  })}
  <noscript><p class="muted">Adding a passkey needs JavaScript.</p></noscript>
  ${
    on
      ? html`<h3>Recovery codes</h3>
  <p>${view.recoveryCodesLeft} of ${RECOVERY_CODE_COUNT} left. Each works once, in place of a code, if you lose your device.</p>
  <form method="post" action="/account/two-factor/recovery-codes">${csrfInput(frame.csrf)}<div class="actions"><button type="submit" class="secondary">Make new recovery codes</button></div></form>
  <h3>Turn off two-factor sign-in</h3>
  <p class="muted">Removes the authenticator app, every passkey and the recovery codes.</p>
  <form method="post" action="/account/two-factor/off" novalidate>${csrfInput(frame.csrf)}
    ${proofField('off-proof')}
    <div class="actions"><button type="submit" class="danger">Turn off</button></div>
  </form>`
      : ''
  }
</section>`;
}

export interface TotpSetupView {
  secret: string;
  qrSvg: string;
  error?: string | undefined;
  returnTo?: string | undefined;
}

/** Setting up an authenticator app: the QR code (an SVG image, no script), the secret to type in, and a code to confirm. */
export function totpSetupPage(frame: PageFrame, view: TotpSetupView): string {
  // Groups of four that never break inside, so the key wraps only between groups on a narrow screen.
  const grouped = view.secret.match(/.{1,4}/g)!.map((g) => html`<span>${g}</span>`);
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">${inLevelWords(frame.catalogue, 'Workspaces')}</a> / <a href="/account">Account</a> / <span>Authenticator app</span></nav>
<h1>Set up an authenticator app</h1>
<section class="card narrow">
  <p>Scan this QR code with your authenticator app (for example 1Password, Google Authenticator or Authy).</p>
  <p><img class="qr" src="data:image/svg+xml;base64,${Buffer.from(view.qrSvg).toString('base64')}" alt="QR code for your authenticator app" width="220" height="220"></p>
  <p>Or type in this key:</p>
  <p><code id="totp-secret" class="totp-secret">${grouped.map((g, i) => (i ? html` ${g}` : g))}</code></p>
  <form method="post" action="/account/two-factor/totp/confirm" novalidate>
    ${csrfInput(frame.csrf)}
    ${view.returnTo ? html`<input type="hidden" name="return_to" value="${view.returnTo}">` : ''}
    ${textField({ id: 'code', name: 'code', label: 'The 6-digit code your app shows', required: true, autocomplete: 'one-time-code', maxlength: 10, errors: view.error ? { code: view.error } : undefined })}
    <div class="actions"><button type="submit">Turn on</button> <a href="/account">Cancel</a></div>
  </form>
</section>`;
  return dashboardPage(frame, 'Authenticator app', body);
}

/** Recovery codes, shown this once; only their digests are kept. */
export function recoveryCodesPage(frame: PageFrame, codes: string[], next: string): string {
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">${inLevelWords(frame.catalogue, 'Workspaces')}</a> / <a href="/account">Account</a> / <span>Recovery codes</span></nav>
<h1>Your recovery codes</h1>
<section class="card narrow">
  <p class="alert ok" role="status">Two-factor sign-in is on. Save these codes somewhere safe now: they are shown only once.</p>
  <p>Each code works once, in place of a code from your app or a passkey.</p>
  <ul class="recovery-codes" id="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
  <p><a class="button" href="${next}">I have saved them</a></p>
</section>`;
  return dashboardPage(frame, 'Recovery codes', body);
}
