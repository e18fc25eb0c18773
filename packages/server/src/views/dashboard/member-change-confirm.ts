import type { Member, WorkspaceWithRole } from '../../platform/workspaces/workspaces.js';
import { html } from '../html.js';
import { confirmPage } from './confirm.js';
import type { PageFrame } from './shell.js';

export interface MemberChangeView {
  ws: WorkspaceWithRole;
  member: Member;
  /** 'remove', or demotion to member. */
  change: 'remove' | 'demote';
  ending: { authorizations: number; apiTokens: number; webhooks: number };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The confirmation step before a removal or demotion (docs/dashboard.md, "When someone leaves or is
 * demoted"): it says what ends with the role, and works without JavaScript.
 */
export function memberChangeConfirmPage(frame: PageFrame, view: MemberChangeView): string {
  const { ws, member, change, ending } = view;
  const who = `${member.firstName} ${member.lastName}`.trim() || member.email;
  const grants =
    ending.authorizations + ending.apiTokens === 0
      ? html`<p>They granted no app authorizations and created no API tokens here.</p>`
      : html`<p><strong>${count(ending.authorizations, 'app authorization', 'app authorizations')}</strong> that ${who} granted in ${ws.name}
    ${ending.authorizations === 1 ? 'ends' : 'end'} at once${ending.apiTokens ? html`, and so ${ending.apiTokens === 1 ? 'does' : 'do'} <strong>${count(ending.apiTokens, 'API token', 'API tokens')}</strong> they created` : ''}.
    Their tokens are refused from then on and their webhooks are removed. This cannot be undone: the apps have to be authorized again by an admin.</p>`;
  const hooks = ending.webhooks
    ? html`<p><strong>${count(ending.webhooks, 'webhook', 'webhooks')}</strong> they made in the dashboard ${ending.webhooks === 1 ? 'is' : 'are'} deleted too, with ${ending.webhooks === 1 ? 'its' : 'their'} delivery log.</p>`
    : ending.authorizations + ending.apiTokens === 0
      ? html`<p>Nothing else ends.</p>`
      : '';
  const what = html`${grants}${hooks}`;
  const intro =
    change === 'remove'
      ? html`<p>${who} <span class="muted">(${member.email})</span> loses access to ${ws.name}.</p>`
      : html`<p>${who} <span class="muted">(${member.email})</span> becomes a member of ${ws.name} and can no longer manage it or install apps in it.</p>`;
  return confirmPage(frame, {
    title: change === 'remove' ? `Remove ${who}?` : `Make ${who} a member?`,
    message: html`${intro}${what}
<input type="hidden" form="confirm-form" name="action" value="${change === 'remove' ? 'remove' : 'role'}">
${change === 'demote' ? html`<input type="hidden" form="confirm-form" name="role" value="member">` : ''}
<input type="hidden" form="confirm-form" name="confirmed" value="yes">`,
    action: `/workspaces/${ws.id}/members/${member.userId}`,
    button: change === 'remove' ? 'Remove member' : 'Make member',
    cancel: `/workspaces/${ws.id}/members`,
  });
}
