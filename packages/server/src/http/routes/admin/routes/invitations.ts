import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import { inviteMember, listPendingInvitations, operatorInviter, revokeInvitation } from '../../../../platform/workspaces/invitations.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { Id, IdempotencyHeaders, Invitation, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

// Checked by the platform, as in the dashboard and the CLI, so every surface refuses a role in the same words.
const Role = Type.String({ maxLength: 20, description: '`admin` or `member`' });

/**
 * Invitations to a workspace (docs/admin-api.md, "Invitations"): the dashboard's invitations, sent by the
 * product's backend. The invitee gets the same email and accepts with the same link; the key is recorded
 * as the inviter in the audit log.
 */
export const invitationRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];

  app.get(
    '/workspaces/:workspace/invitations',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the pending invitations of a workspace (expired ones included, until revoked)',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('invitations', Invitation), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const page = pageOfList(await listPendingInvitations(ctx, workspace.id), req.query, (i) => ({ createdAt: i.createdOn, id: i.id }));
      return { invitations: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/workspaces/:workspace/invitations',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Invite an email address to a workspace with a role; the invitation is emailed at once',
        tags,
        params: Type.Object({ workspace: Ref }),
        headers: IdempotencyHeaders,
        body: Type.Object({ email: Type.String({ maxLength: 320 }), role: Role }, { additionalProperties: false }),
        response: { 201: Type.Object({ invitation: Invitation }), ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const workspace = await getWorkspace(ctx, req.params.workspace);
        const { invitation } = await inviteMember(ctx, workspace.id, req.body.email, req.body.role, operatorInviter(adminKeyActor(req.adminKey!)));
        return { invitation };
      }),
  );

  app.delete(
    '/workspaces/:workspace/invitations/:invitation_id',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Revoke a pending invitation; its link stops working at once',
        tags,
        params: Type.Object({ workspace: Ref, invitation_id: Id }),
        response: { 200: Type.Object({ revoked: Type.Boolean() }), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      await revokeInvitation(ctx, workspace.id, req.params.invitation_id, operatorInviter(adminKeyActor(req.adminKey!)));
      return { revoked: true };
    },
  );
};
