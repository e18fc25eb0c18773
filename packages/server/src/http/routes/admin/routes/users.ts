import { Type } from '@sinclair/typebox';
import { getUser, listUsersPage, provisionUser } from '../../../../platform/admin/admin-directory.js';
import type { AdminApi } from '../index.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import { Id, IdempotencyHeaders, PageQuery, User, pageOf, problemResponses } from '../schemas.js';

const NewUser = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    firstName: Type.String({ minLength: 1, maxLength: 100 }),
    lastName: Type.Optional(Type.String({ maxLength: 100 })),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 1024, description: 'Omit for accounts that sign in through an identity provider' })),
  },
  { additionalProperties: false },
);

/** Users of the deployment (docs/admin-api.md, "Users"). */
export const userRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  app.get(
    '/users',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List users',
        tags,
        querystring: Type.Intersect([PageQuery, Type.Object({ email: Type.Optional(Type.String({ maxLength: 254 })) })]),
        response: { 200: pageOf('users', User), ...problemResponses },
      },
    },
    async (req) => {
      const page = await listUsersPage(ctx, req.query, { email: req.query.email });
      return { users: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/users',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Create a user',
        tags,
        headers: IdempotencyHeaders,
        body: NewUser,
        response: { 201: Type.Object({ user: User }), ...problemResponses },
      },
    },
    async (req, reply) => createOnce(ctx, req, reply, 201, async () => ({ user: await provisionUser(ctx, req.body) })),
  );

  app.get(
    '/users/:user_id',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: { summary: 'Get a user', tags, params: Type.Object({ user_id: Id }), response: { 200: Type.Object({ user: User }), ...problemResponses } },
    },
    async (req) => ({ user: await getUser(ctx, req.params.user_id) }),
  );
};
