import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import { getUser } from '../../../../platform/admin/admin-directory.js';
import { addMember, changeMembership, getWorkspace, listMembers } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import { AdminProblem } from '../problem.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { Id, IdempotencyHeaders, Member, MembershipChange, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')]);
const Params = Type.Object({ workspace: Ref, user_id: Id });

/**
 * Members of a workspace (docs/admin-api.md, "Members"). A removal, or the loss of the admin role, ends
 * what the member granted, as in the dashboard; the last admin can be neither removed nor demoted.
 */
export const memberRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  const memberOf = async (workspaceId: string, userId: string) => {
    const member = (await listMembers(ctx, workspaceId)).find((m) => m.userId === userId);
    if (!member) throw new AdminProblem('not_found', 'Member not found');
    return member;
  };

  app.get(
    '/workspaces/:workspace/members',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the members of a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('members', Member), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const page = pageOfList(await listMembers(ctx, workspace.id), req.query, (m) => ({ createdAt: m.since, id: m.userId }));
      return { members: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/workspaces/:workspace/members',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Add a user to a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        headers: IdempotencyHeaders,
        body: Type.Object({ userId: Id, role: Role }, { additionalProperties: false }),
        response: { 201: Type.Object({ member: Member }), ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const workspace = await getWorkspace(ctx, req.params.workspace);
        const user = await getUser(ctx, req.body.userId);
        await addMember(ctx, workspace.id, user.id, req.body.role, adminKeyActor(req.adminKey!));
        return { member: await memberOf(workspace.id, user.id) };
      }),
  );

  app.patch(
    '/workspaces/:workspace/members/:user_id',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: "Change a member's role",
        tags,
        params: Params,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: { 200: Type.Object({ member: Member, ended: MembershipChange }), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const ended = await changeMembership(ctx, workspace.id, req.params.user_id, req.body.role, adminKeyActor(req.adminKey!));
      return { member: await memberOf(workspace.id, req.params.user_id), ended };
    },
  );

  app.delete(
    '/workspaces/:workspace/members/:user_id',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Remove a member',
        tags,
        params: Params,
        response: { 200: Type.Object({ removed: Type.Boolean(), ended: MembershipChange }), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const ended = await changeMembership(ctx, workspace.id, req.params.user_id, null, adminKeyActor(req.adminKey!));
      return { removed: true, ended };
    },
  );
};
