import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  createSiteToken,
  createWorkspaceToken,
  getApiToken,
  listApiTokens,
  revokeAccessToken,
  type ExpiryChoice,
} from '../../../platform/tokens/api-tokens.js';
import { notFound } from '../../../platform/errors.js';
import type { User } from '../../../platform/accounts/users.js';
import type { Runtime } from '../../../runtime.js';
import { apiTokensPage, tokenActionPath, tokensPath, type ApiTokensView, type TokenOwner } from '../../../views/dashboard/api-tokens.js';
import { apiTokenPage } from '../../../views/dashboard/api-token.js';
import { confirmPage } from '../../../views/dashboard/confirm.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { html } from '../../../views/html.js';
import { sendPage } from '../../security-headers.js';
import { tokenReveals } from './token-reveal.js';
import { usageSectionFor } from './usage-view.js';
import {
  actorOf,
  checkId,
  fieldErrors,
  formOf,
  frameOf,
  many,
  mustBeAdmin,
  noticeOf,
  one,
  orFormErrors,
  seeOther,
  siteFor,
  viewer,
  workspaceFor,
} from './dashboard-request.js';

type Params = { Params: { sid?: string; wid?: string; tid?: string } };

/**
 * The form's expiry (docs/dashboard.md, "Token expiry"): a preset number of days, `custom` with a date, or the
 * default; a date typed with the default left chosen means that date, as a browser without script sends it.
 */
function expiryChoiceOf(expiry: string, expiresOn: string): ExpiryChoice {
  const days = /^\d{1,4}$/.test(expiry) ? Number(expiry) : undefined;
  const date = expiry === 'custom' || expiresOn ? expiresOn : undefined;
  if (expiry !== 'inactivity' && expiry !== 'custom' && days === undefined) return { expiresInDays: 0 };
  return { ...(days !== undefined ? { expiresInDays: days } : {}), ...(date !== undefined ? { expiresOn: date } : {}) };
}

/**
 * Site settings → API access, and workspace tokens (docs/webflow-wire.md, "Scopes and token kinds"): create with a name and scopes (the
 * value is shown once, on the page the POST redirects to: token-reveal.ts), list, revoke after a
 * confirmation step.
 */
export function tokenRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const reveals = tokenReveals(runtime);
  const ownerOf = async (req: FastifyRequest<Params>, user: User): Promise<TokenOwner> => {
    if (req.params.sid !== undefined) return { kind: 'site', ...(await siteFor(ctx, req.params.sid, user)) };
    return { kind: 'workspace', ws: await workspaceFor(ctx, req.params.wid, user) };
  };
  const tokensOf = (owner: TokenOwner) => listApiTokens(ctx, owner.kind === 'site' ? { siteId: owner.site.id } : { workspaceId: owner.ws.id });
  const show = async (req: FastifyRequest, reply: FastifyReply, user: User, owner: TokenOwner, extra: Partial<ApiTokensView>, status = 200) =>
    sendPage(reply, apiTokensPage(frameOf(req, reply, user), { owner, tokens: await tokensOf(owner), ...extra }), status);
  /** The token, only when it belongs to this owner (ids of other owners' tokens are 404). */
  const ownedToken = async (owner: TokenOwner, tid: unknown) => {
    const token = await getApiToken(ctx, checkId(tid, 'Token'));
    const mine =
      owner.kind === 'site' ? token.kind === 'site' && token.siteId === owner.site.id : token.kind === 'workspace' && token.workspaceId === owner.ws.id;
    if (!mine) throw notFound('Token');
    return token;
  };

  return async (app) => {
    for (const base of ['/sites/:sid', '/workspaces/:wid']) {
      app.get<Params>(base === '/sites/:sid' ? '/sites/:sid/api-access' : '/workspaces/:wid/tokens', async (req, reply) => {
        const user = await viewer(req);
        const owner = await ownerOf(req, user);
        const tokens = await tokensOf(owner);
        const reveal = reveals.take(req, reply, tokensPath(owner), user.id);
        const record = reveal && tokens.find((t) => t.id === reveal.tokenId);
        const created = reveal && record ? { value: reveal.value, record } : undefined;
        return sendPage(reply, apiTokensPage(frameOf(req, reply, user), { owner, tokens, notice: noticeText(req.server.catalogue, noticeOf(req)), created }));
      });

      app.post<Params>(`${base}/tokens`, async (req, reply) => {
        const user = await viewer(req);
        const owner = await ownerOf(req, user);
        mustBeAdmin(owner.ws);
        const body = formOf(req);
        const expiry = one(body, 'expiry', 20) || 'inactivity';
        const expiresOn = one(body, 'expires_on', 40);
        const input = { name: one(body, 'name', 200), scopes: many(body, 'scopes'), actor: actorOf(user), ...expiryChoiceOf(expiry, expiresOn) };
        const result = await orFormErrors(() =>
          owner.kind === 'site' ? createSiteToken(ctx, owner.site.id, input) : createWorkspaceToken(ctx, owner.ws.id, input),
        );
        if ('error' in result) {
          const limit = result.error.code === 'limit_reached';
          const extra = {
            name: input.name,
            scopes: input.scopes,
            expiry,
            expiresOn,
            errors: fieldErrors(result.error),
            error: limit ? result.error.message : 'The token was not created. Please fix the fields marked below.',
          };
          return show(req, reply, user, owner, extra, limit ? 409 : 400);
        }
        reveals.hand(reply, tokensPath(owner), user.id, { tokenId: result.ok.record.id, value: result.ok.token });
        return seeOther(reply, tokensPath(owner));
      });

      // docs/dashboard.md, "Usage": one token, its requests per hour and day, and its rate-limit window now.
      app.get<Params>(`${base}/tokens/:tid`, async (req, reply) => {
        const user = await viewer(req);
        const owner = await ownerOf(req, user);
        const token = await ownedToken(owner, req.params.tid);
        const usage = await usageSectionFor(runtime, { kind: 'token', id: token.id }, 'this token', [
          { id: token.id, workspaceId: token.workspaceId, name: token.name },
        ]);
        return sendPage(reply, apiTokenPage(frameOf(req, reply, user), { owner, token, usage }));
      });

      app.get<Params>(`${base}/tokens/:tid/revoke`, async (req, reply) => {
        const user = await viewer(req);
        const owner = await ownerOf(req, user);
        mustBeAdmin(owner.ws);
        const token = await ownedToken(owner, req.params.tid);
        return sendPage(
          reply,
          confirmPage(frameOf(req, reply, user), {
            title: 'Revoke this token?',
            message: html`<p>“${token.name}” stops working at once: every request made with it is refused. This cannot be undone.</p>`,
            action: `${tokenActionPath(owner)}/${token.id}/revoke`,
            button: 'Revoke token',
            cancel: tokensPath(owner),
          }),
        );
      });

      app.post<Params>(`${base}/tokens/:tid/revoke`, async (req, reply) => {
        const user = await viewer(req);
        const owner = await ownerOf(req, user);
        mustBeAdmin(owner.ws);
        const token = await ownedToken(owner, req.params.tid);
        await revokeAccessToken(ctx, token.id, actorOf(user));
        return seeOther(reply, tokensPath(owner), 'token-revoked');
      });
    }
  };
}
