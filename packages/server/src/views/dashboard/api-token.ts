import type { ApiToken } from '../../platform/tokens/api-tokens.js';
import { capitalized } from '../../oauth/scopes.js';
import { html } from '../html.js';
import type { TokenOwner } from './api-tokens.js';
import { tokenActionPath, tokensPath } from './api-tokens.js';
import { scopeList, when } from './form-kit.js';
import { dashboardPage, siteHeader, workspaceHeader, type PageFrame } from './shell.js';
import { usageSection, type UsageSectionView } from './usage-section.js';

/** One site or workspace token: what it is, its usage and its rate-limit window now (docs/dashboard.md, "Usage"). */
export function apiTokenPage(frame: PageFrame, view: { owner: TokenOwner; token: ApiToken; usage: UsageSectionView }): string {
  const { owner, token } = view;
  const header = owner.kind === 'site' ? siteHeader(frame.catalogue, owner.ws, owner.site, 'api') : workspaceHeader(frame.catalogue, owner.ws, 'tokens');
  const body = html`${header}
<p><a href="${tokensPath(owner)}">← All ${frame.catalogue.levels[owner.kind].singular} tokens</a></p>
<section class="card">
  <h2>Token “${token.name}”</h2>
  <dl class="facts">
    <dt>Kind</dt><dd>${capitalized(frame.catalogue.levels[owner.kind].singular)} token</dd>
    <dt>Scopes</dt><dd>${scopeList(frame.catalogue, token.scopes)}</dd>
    <dt>Created</dt><dd>${when(token.createdOn)}</dd>
    <dt>Last used</dt><dd>${when(token.lastUsed)}</dd>
  </dl>
  ${owner.ws.role === 'admin' ? html`<div class="actions"><a class="button danger" href="${tokenActionPath(owner)}/${token.id}/revoke">Revoke token</a></div>` : ''}
</section>
${frame.catalogue.webflowDataApi ? usageSection(view.usage) : ''}`;
  return dashboardPage(frame, `Token ${token.name}`, body);
}
