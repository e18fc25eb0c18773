import type { Catalogue } from '../oauth/scopes.js';
import type { InvitationOffer } from '../platform/workspaces/invitation-acceptance.js';
import { inLevelWords } from '../oauth/level-words.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { alert, csrfInput } from './dashboard/form-kit.js';

export interface InvitationView {
  csrf: string;
  offer: InvitationOffer;
  /** The link's own path, for the accept form and the way back after signing in. */
  path: string;
  signedInAs: string | undefined;
  signupEnabled: boolean;
  error?: string | undefined;
}

/** docs/dashboard.md, "Invitations": what the invitation offers, and the one step the visitor can take. */
export function invitationPage(view: InvitationView, catalogue: Catalogue): string {
  const { offer } = view;
  const back = encodeURIComponent(view.path);
  const action =
    offer.status !== 'pending'
      ? html`<p>This invitation is no longer valid (${offer.status}). ${inLevelWords(catalogue, 'Ask an admin of the workspace to invite you again.')}</p>`
      : !view.signedInAs
        ? html`<p>Sign in with <strong>${offer.email}</strong> to accept${view.signupEnabled ? ', or create an account for that address first' : ''}.</p>
            <div class="actions">
              <a class="button" href="/login?return_to=${back}">Sign in to accept</a
              >${view.signupEnabled ? html`<a class="button secondary" href="/signup?return_to=${back}&amp;email=${encodeURIComponent(offer.email)}">Create an account</a>` : ''}
            </div>`
        : view.signedInAs !== offer.email
          ? html`<p class="alert error" role="alert">
              You are signed in as ${view.signedInAs}, but this invitation was sent to ${offer.email}. Sign out, then sign in with that address to accept it.
            </p>`
          : html`<form method="post" action="${view.path}/accept">
              ${csrfInput(view.csrf)}
              <div class="actions"><button type="submit">Join ${offer.workspaceName}</button></div>
            </form>`;
  const body = html`<section class="card narrow">
    <h1>Join ${offer.workspaceName}</h1>
    ${alert('error', view.error)}
    <p>${offer.invitedBy ?? 'An admin'} invited <strong>${offer.email}</strong> to this ${catalogue.levels.workspace.singular} as ${offer.role === 'admin' ? 'an admin' : 'a member'}.</p>
    ${action}
  </section>`;
  return layout({ title: `Join ${offer.workspaceName}`, body, userEmail: view.signedInAs, csrfToken: view.csrf, catalogue });
}
