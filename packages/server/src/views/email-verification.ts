import type { Catalogue } from '../oauth/scopes.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { alert, csrfInput } from './dashboard/form-kit.js';

/** Following the emailed link shows this; the button spends it (a mail scanner's GET changes nothing). */
export function confirmEmailPage(view: { csrf: string; action: string }, catalogue: Catalogue): string {
  const body = html`<section class="card narrow">
    <h1>Confirm your email address</h1>
    <p>Confirm that this address belongs to your Gatehouse account.</p>
    <form method="post" action="${view.action}">
      ${csrfInput(view.csrf)}
      <div class="actions"><button type="submit">Confirm my address</button></div>
    </form>
  </section>`;
  return layout({ title: 'Confirm your email address', body, catalogue });
}

/**
 * Shown instead of the consent screen to an account whose address is not verified yet
 * (docs/dashboard.md, "Email verification"): how to verify, and a re-send button that comes back here.
 */
export function verificationNeededPage(
  view: {
    csrf: string;
    userEmail: string;
    returnTo: string;
    notice?: string | undefined;
    error?: string | undefined;
  },
  catalogue: Catalogue,
): string {
  const body = html`<section class="card narrow">
    <h1>Confirm your email address first</h1>
    ${alert('ok', view.notice)}${alert('error', view.error)}
    <p>Before your account can install apps, confirm that <strong>${view.userEmail}</strong> is yours.</p>
    <ol>
      <li>Open the email “Confirm your email address for Gatehouse” we sent to that address.</li>
      <li>Follow its link and press “Confirm my address”.</li>
      <li>Come back to this page and reload it.</li>
    </ol>
    <form method="post" action="/account/verification">
      ${csrfInput(view.csrf)}
      <input type="hidden" name="return_to" value="${view.returnTo}" />
      <div class="actions"><button type="submit">Send the email again</button><a class="button secondary" href="${view.returnTo}">I have confirmed it</a></div>
    </form>
  </section>`;
  return layout({ title: 'Confirm your email address', body, userEmail: view.userEmail, csrfToken: view.csrf, catalogue });
}
