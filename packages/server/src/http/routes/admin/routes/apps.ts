import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import { createApp, findAppByClientId, getApp, listApps } from '../../../../platform/apps/apps.js';
import { MAX_SECRET_OVERLAP_SECONDS, revokePreviousClientSecret, rotateClientSecret } from '../../../../platform/apps/client-secret-rotation.js';
import { notFound } from '../../../../platform/errors.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { PlatformContext } from '../../../../platform/context.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { App, IdempotencyHeaders, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

const NewApp = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    homepage: Type.String({ minLength: 1, maxLength: 2000 }),
    redirectUris: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 20 }),
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
    restrictToSingleSite: Type.Optional(Type.Boolean()),
    isPublic: Type.Optional(Type.Boolean()),
    clientType: Type.Optional(Type.Union([Type.Literal('confidential'), Type.Literal('public')])),
  },
  { additionalProperties: false },
);

const Rotate = Type.Object(
  {
    overlapSeconds: Type.Optional(
      Type.Integer({
        default: 0,
        examples: [86_400],
        description: `How long the current secret keeps working beside the new one, 0 to ${MAX_SECRET_OVERLAP_SECONDS} (7 days; checked with the dashboard's rule and words); 0, the default, ends it at once`,
      }),
    ),
  },
  { additionalProperties: false },
);

const AppRef = Type.Object({ app: Type.String({ pattern: '^([0-9a-f]{24}|[0-9a-f]{64})$', description: 'app id or client_id' }) });

/** An app by id or by its client_id. */
async function appByRef(ctx: PlatformContext, ref: string) {
  if (ref.length === 24) return getApp(ctx, ref);
  const app = await findAppByClientId(ctx, ref);
  if (!app) throw notFound('App');
  return app;
}

/** OAuth apps (docs/admin-api.md, "Apps"): the client secret is in the answer of a create or a rotation only. */
export const appRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  app.get(
    '/workspaces/:workspace/apps',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the apps of a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('apps', App), ...problemResponses },
      },
    },
    async (req) => {
      const workspace = await getWorkspace(ctx, req.params.workspace);
      const page = pageOfList(await listApps(ctx, workspace.id), req.query, (a) => ({ createdAt: a.createdOn, id: a.id }));
      return { apps: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/workspaces/:workspace/apps',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Register an app',
        tags,
        params: Type.Object({ workspace: Ref }),
        headers: IdempotencyHeaders,
        body: NewApp,
        response: {
          201: Type.Object({ app: App, clientSecret: Type.String({ description: 'Shown only in this answer (and its idempotent replays)' }) }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const workspace = await getWorkspace(ctx, req.params.workspace);
        return createApp(ctx, workspace.id, { ...req.body, description: req.body.description ?? '' }, adminKeyActor(req.adminKey!));
      }),
  );

  app.get(
    '/apps/:app',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: { summary: 'Get an app', tags, params: AppRef, response: { 200: Type.Object({ app: App }), ...problemResponses } },
    },
    async (req) => ({ app: await appByRef(ctx, req.params.app) }),
  );

  app.post(
    '/apps/:app/secret',
    {
      config: { admin: { scope: 'admin:write' } },
      // A rotation without a body (as before overlaps existed) is a rotation without an overlap.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        summary: 'Rotate the client secret',
        description:
          'Issues a new secret. With overlapSeconds (at most 7 days) the current secret keeps working until previousSecretExpiresAt; without, it stops at once. Rotating again during an overlap replaces the previous secret: the oldest stops at once.',
        tags,
        params: AppRef,
        headers: IdempotencyHeaders,
        body: Rotate,
        response: {
          200: Type.Object({
            app: App,
            clientSecret: Type.String(),
            previousSecretExpiresAt: Type.Union([Type.String({ description: 'ISO-8601 UTC' }), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 200, async () => {
        const found = await appByRef(ctx, req.params.app);
        const rotation = await rotateClientSecret(ctx, found.id, adminKeyActor(req.adminKey!), { overlapSeconds: req.body.overlapSeconds ?? 0 });
        return { app: await getApp(ctx, found.id), ...rotation };
      }),
  );

  app.delete(
    '/apps/:app/previous-secret',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: "End a rotation's overlap early",
        description: 'The previous client secret stops working at once; 409 conflict when none is still working.',
        tags,
        params: AppRef,
        response: { 200: Type.Object({ app: App }), ...problemResponses },
      },
    },
    async (req) => {
      const found = await appByRef(ctx, req.params.app);
      await revokePreviousClientSecret(ctx, found.id, adminKeyActor(req.adminKey!));
      return { app: await getApp(ctx, found.id) };
    },
  );
};
