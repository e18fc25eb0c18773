import type { Catalogue } from '../../oauth/scopes.js';
import { MIN_PASSWORD_LENGTH } from '../../platform/accounts/users.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { alert, csrfInput, textField, type FieldErrors } from './form-kit.js';
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
}

export function accountPage(frame: PageFrame, view: AccountView): string {
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Workspaces</a> / <span>Account</span></nav>
<h1>Your account</h1>
${alert('ok', view.notice)}
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
</section>`;
  return dashboardPage(frame, 'Account', body);
}
