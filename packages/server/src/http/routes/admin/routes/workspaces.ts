import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { listWorkspacesPage } from '../../../../platform/admin/admin-directory.js';
import { createWorkspace, getWorkspace, updateWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { Id, IdempotencyHeaders, PageQuery, Ref, Workspace, pageOf, problemResponses } from '../schemas.js';

const NewWorkspace = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    slug: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
    plan: Type.Optional(Type.String({ maxLength: 32 })),
    ownerUserId: Id,
  },
  { additionalProperties: false },
);

const WorkspaceChanges = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), plan: Type.Optional(Type.String({ maxLength: 32 })) },
  { additionalProperties: false },
);

/** Workspaces (docs/admin-api.md, "Workspaces"); `{workspace}` is an id or a slug everywhere. */
export const workspaceRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  app.get(
    '/workspaces',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: { summary: 'List workspaces', tags, querystring: PageQuery, response: { 200: pageOf('workspaces', Workspace), ...problemResponses } },
    },
    async (req) => {
      const page = await listWorkspacesPage(ctx, req.query);
      return { workspaces: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/workspaces',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Create a workspace',
        description: 'The owner becomes its first admin.',
        tags,
        headers: IdempotencyHeaders,
        body: NewWorkspace,
        response: { 201: Type.Object({ workspace: Workspace }), ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => ({ workspace: await createWorkspace(ctx, { ...req.body, actor: adminKeyActor(req.adminKey!) }) })),
  );

  app.get(
    '/workspaces/:workspace',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'Get a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        response: { 200: Type.Object({ workspace: Workspace }), ...problemResponses },
      },
    },
    async (req) => ({ workspace: await getWorkspace(ctx, req.params.workspace) }),
  );

  app.patch(
    '/workspaces/:workspace',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Rename a workspace or change its plan',
        tags,
        params: Type.Object({ workspace: Ref }),
        body: WorkspaceChanges,
        response: { 200: Type.Object({ workspace: Workspace }), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      return { workspace: await updateWorkspace(ctx, workspace.id, req.body, adminKeyActor(req.adminKey!)) };
    },
  );
};
