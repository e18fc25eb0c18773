import { inLevelWords } from '../../oauth/level-words.js';
import type { Invitation } from '../../platform/workspaces/invitations.js';
import type { Member, WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { alert, csrfInput, textField, when, type FieldErrors } from './form-kit.js';
import { dashboardPage, workspaceHeader, type PageFrame } from './shell.js';

export interface MembersView {
  ws: WorkspaceWithRole;
  members: Member[];
  /** Pending invitations (admins only). */
  invitations?: Invitation[];
  viewerId: string;
  notice?: string | undefined;
  error?: string | undefined;
  email?: string;
  errors?: FieldErrors;
}

export function membersPage(frame: PageFrame, view: MembersView): string {
  const { ws } = view;
  const admin = ws.role === 'admin';
  const row = (m: Member) => html`<tr>
  <td class="lead">${m.firstName} ${m.lastName}${m.userId === view.viewerId ? html` <span class="badge">you</span>` : ''}<br><span class="muted">${m.email}</span></td>
  <td data-label="Role">${
    admin
      ? html`<form method="post" action="/workspaces/${ws.id}/members/${m.userId}" class="row-form">
      ${csrfInput(frame.csrf)}
      <label class="sr-only" for="role-${m.userId}">Role of ${m.email}</label>
      <select id="role-${m.userId}" name="role"><option value="admin"${m.role === 'admin' ? html` selected` : ''}>admin</option><option value="member"${m.role === 'member' ? html` selected` : ''}>member</option></select>
      <button type="submit" name="action" value="role" class="secondary">Change role</button>
      <a class="button danger" href="/workspaces/${ws.id}/members/${m.userId}/remove">Remove<span class="sr-only"> ${m.email}</span></a>
    </form>`
      : m.role
  }</td>
  <td data-label="Since">${when(m.since)}</td>
</tr>`;
  const body = html`${workspaceHeader(frame.catalogue, ws, 'members')}
${alert('ok', view.notice)}${alert('error', view.error)}
<section class="card">
  <h2>Members</h2>
  <div class="table-wrap"><table class="stack">
    <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Since</th></tr></thead>
    <tbody>${view.members.map(row)}</tbody>
  </table></div>
  <p class="muted">${inLevelWords(frame.catalogue, 'A workspace always keeps at least one admin.')}</p>
</section>
${
  admin
    ? html`<section class="card">
  <h2>Invite someone</h2>
  <p class="muted">We email them a link. They join when they accept it, signed in with that address (they can create an account there if they have none). The link works once, for 7 days.</p>
  <form method="post" action="/workspaces/${ws.id}/members" novalidate>
    ${csrfInput(frame.csrf)}
    ${textField({ id: 'member-email', name: 'email', label: 'Email', type: 'email', value: view.email, required: true, errors: view.errors })}
    <label for="member-role">Role</label>
    <select id="member-role" name="role"><option value="member">member</option><option value="admin">admin</option></select>
    <div class="actions"><button type="submit">Send invitation</button></div>
  </form>
</section>
${pendingInvitations(frame.csrf, ws, view.invitations ?? [])}`
    : html`<p class="muted">${inLevelWords(frame.catalogue, 'Only workspace admins can invite or remove members.')}</p>`
}`;
  return dashboardPage(frame, `Members · ${ws.name}`, body);
}

function pendingInvitations(csrf: string, ws: WorkspaceWithRole, invitations: Invitation[]) {
  if (invitations.length === 0) return '';
  const status = (i: Invitation) =>
    i.status === 'expired' ? html`<span class="badge">expired</span>` : i.delivered ? html`sent` : html`<span class="badge">email not sent</span>`;
  return html`<section class="card">
  <h2>Pending invitations</h2>
  <div class="table-wrap"><table class="stack">
    <thead><tr><th scope="col">Address</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
    <tbody>${invitations.map(
      (i) => html`<tr>
      <td class="lead">${i.email}${i.invitedBy ? html`<br><span class="muted">invited by ${i.invitedBy}</span>` : ''}</td>
      <td data-label="Role">${i.role}</td>
      <td data-label="Status">${status(i)}</td>
      <td data-label="Expires">${when(i.expiresOn)}</td>
      <td data-label="Actions"><form method="post" action="/workspaces/${ws.id}/invitations/${i.id}/resend" class="row-form">${csrfInput(csrf)}<button type="submit" class="secondary">Re-send<span class="sr-only"> to ${i.email}</span></button></form>
        <form method="post" action="/workspaces/${ws.id}/invitations/${i.id}/revoke" class="row-form">${csrfInput(csrf)}<button type="submit" class="danger">Revoke<span class="sr-only"> the invitation of ${i.email}</span></button></form></td>
    </tr>`,
    )}</tbody>
  </table></div>
</section>`;
}
