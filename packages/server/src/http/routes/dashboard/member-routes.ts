import type { FastifyPluginAsync } from 'fastify';
import { PlatformError, notFound } from '../../../platform/errors.js';
import { inviteMember, listPendingInvitations, resendInvitation, revokeInvitation } from '../../../platform/workspaces/invitations.js';
import { AttemptsThrottled } from '../../../platform/accounts/attempt-throttle.js';
import { grantsEndingWith } from '../../../platform/workspaces/membership-end.js';
import { losesGrantingRole } from '../../../platform/workspaces/workspace-roles.js';
import { changeMembership, listMembers, type Member, type WorkspaceWithRole } from '../../../platform/workspaces/workspaces.js';
import { memberChangeConfirmPage } from '../../../views/dashboard/member-change-confirm.js';
import type { Runtime } from '../../../runtime.js';
import { membersPage, type MembersView } from '../../../views/dashboard/members.js';
import { noticeText } from '../../../views/dashboard/notices.js';
import { sendPage } from '../../security-headers.js';
import type { User } from '../../../platform/accounts/users.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  actorOf,
  checkId,
  fieldErrors,
  formOf,
  frameOf,
  mustBeAdmin,
  noticeOf,
  one,
  orFormErrors,
  seeOther,
  viewer,
  workspaceFor,
} from './dashboard-request.js';

type WsParams = { Params: { wid: string } };

/**
 * Workspace members: invite by email (docs/dashboard.md, "Invitations"), re-send or revoke a pending
 * invitation, change role, remove (admins only; platform keeps the last admin).
 * A removal or demotion that ends grants asks for confirmation first, saying how many end.
 */
export function memberRoutes(runtime: Runtime): FastifyPluginAsync {
  const { ctx } = runtime;
  const memberOf = async (ws: WorkspaceWithRole, uid: unknown): Promise<Member & { lastAdmin: boolean }> => {
    const id = checkId(uid, 'Member');
    const members = await listMembers(ctx, ws.id);
    const member = members.find((m) => m.userId === id);
    if (!member) throw notFound('Member');
    return { ...member, lastAdmin: member.role === 'admin' && members.filter((m) => m.role === 'admin').length <= 1 };
  };
  const confirm = async (req: FastifyRequest, reply: FastifyReply, user: User, ws: WorkspaceWithRole, member: Member, change: 'remove' | 'demote') =>
    sendPage(reply, memberChangeConfirmPage(frameOf(req, reply, user), { ws, member, change, ending: await grantsEndingWith(ctx, ws.id, member.userId) }));
  const show = async (req: FastifyRequest, reply: FastifyReply, user: User, ws: WorkspaceWithRole, extra: Partial<MembersView>, status = 200) => {
    const members = await listMembers(ctx, ws.id);
    const invitations = ws.role === 'admin' ? await listPendingInvitations(ctx, ws.id) : [];
    return sendPage(reply, membersPage(frameOf(req, reply, user), { ws, members, invitations, viewerId: user.id, ...extra }), status);
  };
  const inviter = (user: User, ws: WorkspaceWithRole) => ({ id: user.id, email: user.email, role: ws.role });
  return async (app) => {
    app.get<WsParams>('/workspaces/:wid/members', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      return show(req, reply, user, ws, { notice: noticeText(req.server.catalogue, noticeOf(req)) });
    });

    app.post<WsParams>('/workspaces/:wid/members', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const body = formOf(req);
      const email = one(body, 'email', 254);
      const result = await orFormErrors(() => inviteMember(ctx, ws.id, email, one(body, 'role', 20), inviter(user, ws))).catch((err: unknown) => {
        if (!(err instanceof AttemptsThrottled)) throw err;
        reply.header('retry-after', String(err.retryAfterSeconds));
        return { throttled: err.message };
      });
      if ('throttled' in result) return show(req, reply, user, ws, { email, errors: { email: result.throttled } }, 429);
      if ('error' in result) {
        const errors = fieldErrors(result.error);
        return show(
          req,
          reply,
          user,
          ws,
          { email, errors: { email: errors.email ?? errors.role ?? result.error.message } },
          result.error.code === 'conflict' ? 409 : 400,
        );
      }
      return seeOther(reply, `/workspaces/${ws.id}/members`, result.ok.delivered ? 'invitation-sent' : 'invitation-not-delivered');
    });

    app.post<{ Params: { wid: string; iid: string } }>('/workspaces/:wid/invitations/:iid/resend', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const delivered = await resendInvitation(ctx, ws.id, checkId(req.params.iid, 'Invitation'), inviter(user, ws)).catch((err: unknown) => {
        if (!(err instanceof AttemptsThrottled)) throw err;
        reply.header('retry-after', String(err.retryAfterSeconds));
        return err;
      });
      if (delivered instanceof AttemptsThrottled) return show(req, reply, user, ws, { error: delivered.message }, 429);
      return seeOther(reply, `/workspaces/${ws.id}/members`, delivered ? 'invitation-resent' : 'invitation-not-delivered');
    });

    app.post<{ Params: { wid: string; iid: string } }>('/workspaces/:wid/invitations/:iid/revoke', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      await revokeInvitation(ctx, ws.id, checkId(req.params.iid, 'Invitation'), inviter(user, ws));
      return seeOther(reply, `/workspaces/${ws.id}/members`, 'invitation-revoked');
    });

    app.get<{ Params: { wid: string; uid: string } }>('/workspaces/:wid/members/:uid/remove', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      return confirm(req, reply, user, ws, await memberOf(ws, req.params.uid), 'remove');
    });

    app.post<{ Params: { wid: string; uid: string } }>('/workspaces/:wid/members/:uid', async (req, reply) => {
      const user = await viewer(req);
      const ws = await workspaceFor(ctx, req.params.wid, user);
      mustBeAdmin(ws);
      const uid = checkId(req.params.uid, 'Member');
      const body = formOf(req);
      const action = one(body, 'action', 20);
      if (action !== 'role' && action !== 'remove') throw new PlatformError('validation', 'Choose to change the role or remove the member');
      if (one(body, 'confirmed', 10) !== 'yes') {
        const member = await memberOf(ws, uid);
        const change =
          action === 'remove' ? 'remove' : losesGrantingRole(member.role, one(body, 'role', 20) === 'member' ? 'member' : member.role) ? 'demote' : undefined;
        // The last admin's change is refused below anyway: no point confirming it.
        const ending = change && !member.lastAdmin ? await grantsEndingWith(ctx, ws.id, uid) : undefined;
        if (change && ending && ending.authorizations + ending.apiTokens + ending.webhooks > 0) return confirm(req, reply, user, ws, member, change);
      }
      const result = await orFormErrors(() => changeMembership(ctx, ws.id, uid, action === 'remove' ? null : one(body, 'role', 20), actorOf(user)));
      if ('error' in result) return show(req, reply, user, ws, { error: result.error.message }, result.error.code === 'conflict' ? 409 : 400);
      if (action === 'remove' && uid === user.id) return seeOther(reply, '/');
      return seeOther(reply, `/workspaces/${ws.id}/members`, action === 'remove' ? 'member-removed' : 'member-updated');
    });
  };
}
