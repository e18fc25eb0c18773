import type { Catalogue } from '../oauth/scopes.js';
import { MIN_PASSWORD_LENGTH } from '../platform/accounts/users.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { alert, csrfInput, textField, type FieldErrors } from './dashboard/form-kit.js';

/** The same words for every address (docs/dashboard.md, "Password reset"). */
export const RESET_REQUESTED =
  'If an account uses this address, we have emailed it a link to choose a new password. The link works once, for one hour. Nothing arrived after a few minutes? Check spam, or ask again.';

export function forgotPasswordPage(view: { csrf: string; email?: string; notice?: string; error?: string }, catalogue: Catalogue): string {
  const body = html`<section class="card narrow">
    <h1>Reset your password</h1>
    ${alert('ok', view.notice)}${alert('error', view.error)}
    <p>Enter the address you sign in with. We will email it a link to choose a new password.</p>
    <form method="post" action="/password/forgot" novalidate>
      ${csrfInput(view.csrf)}
      ${textField({ id: 'email', name: 'email', label: 'Email', type: 'email', value: view.email, required: true, autocomplete: 'username' })}
      <div class="actions"><button type="submit">Email me a link</button></div>
    </form>
    <p class="muted"><a href="/login">Back to sign in</a></p>
  </section>`;
  return layout({ title: 'Reset your password', body, catalogue });
}

export function newPasswordPage(view: { csrf: string; action: string; errors?: FieldErrors; message?: string }, catalogue: Catalogue): string {
  const body = html`<section class="card narrow">
    <h1>Choose a new password</h1>
    ${alert('error', view.message)}
    <p class="muted">Setting it signs your account out everywhere.</p>
    <form method="post" action="${view.action}" novalidate>
      ${csrfInput(view.csrf)}
      ${textField({ id: 'new_password', name: 'new_password', field: 'password', label: 'New password', type: 'password', hint: `at least ${MIN_PASSWORD_LENGTH} characters`, required: true, autocomplete: 'new-password', errors: view.errors })}
      ${textField({ id: 'confirm_password', name: 'confirm_password', field: 'confirm', label: 'Repeat the new password', type: 'password', required: true, autocomplete: 'new-password', errors: view.errors })}
      <div class="actions"><button type="submit">Set password</button></div>
    </form>
  </section>`;
  return layout({ title: 'Choose a new password', body, catalogue });
}

/** A link that no longer works, with the way to get a new one. */
export function spentLinkPage(o: { title: string; message: string; again: { href: string; label: string } }, catalogue: Catalogue): string {
  const body = html`<section class="card narrow">
    <h1>${o.title}</h1>
    <p>${o.message}</p>
    <p><a class="button" href="${o.again.href}">${o.again.label}</a></p>
  </section>`;
  return layout({ title: o.title, body, catalogue });
}
