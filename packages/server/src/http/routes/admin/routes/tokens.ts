import { Type } from '@sinclair/typebox';
import { adminKeyActor } from '../../../../platform/admin/admin-keys.js';
import { findSiteByRef } from '../../../../platform/admin/admin-directory.js';
import { pageOfList } from '../../../../platform/admin/cursor-page.js';
import {
  MAX_FIXED_EXPIRY_DAYS,
  createSiteToken,
  createWorkspaceToken,
  getApiToken,
  listApiTokens,
  revokeAccessToken,
} from '../../../../platform/tokens/api-tokens.js';
import { getWorkspace } from '../../../../platform/workspaces/workspaces.js';
import type { Runtime } from '../../../../runtime.js';
import { createOnce } from '../idempotent-create.js';
import type { AdminApi } from '../index.js';
import { ApiToken, Id, IdempotencyHeaders, PageQuery, Ref, pageOf, problemResponses } from '../schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A date the example may name: 90 days from when the server started, so the example never falls out of bounds. */
const exampleDate = () => new Date(Date.now() + 90 * DAY_MS).toISOString().slice(0, 10);

/**
 * The create body, with whole examples the API accepts (one per expiry choice): each property's own example
 * put together would give both expiries, which it refuses.
 */
const newToken = (name: string, scopes: string[]) =>
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 100 }),
      scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
      expiresInDays: Type.Optional(
        Type.Integer({
          examples: [90],
          description: `A fixed lifetime, 1 to ${MAX_FIXED_EXPIRY_DAYS} days (checked by the dashboard's rule, with its words); not with expiresOn; without either, the token expires after 365 days unused`,
        }),
      ),
      expiresOn: Type.Optional(
        Type.String({
          maxLength: 100,
          examples: [exampleDate()],
          description:
            'A fixed last day (YYYY-MM-DD: the token works through that day, UTC) or an ISO-8601 instant, at most 365 days ahead; not with expiresInDays',
        }),
      ),
    },
    {
      additionalProperties: false,
      examples: [
        { name, scopes, expiresInDays: 90 },
        { name, scopes, expiresOn: exampleDate() },
        { name, scopes },
      ],
    },
  );
const NewSiteToken = newToken('Deploy previews', ['sites:read']);
const NewWorkspaceToken = newToken('Reporting', ['workspace:read']);
const Created = Type.Object({ token: ApiToken, accessToken: Type.String({ description: 'Shown only in this answer (and its idempotent replays)' }) });

/** Site and workspace tokens (docs/admin-api.md, "Tokens"): the same limits and scope rules as the dashboard. */
export const tokenRoutes = (runtime: Runtime) => async (app: AdminApi) => {
  const { ctx } = runtime;
  const tags = ['Admin'];
  const page = (list: Awaited<ReturnType<typeof listApiTokens>>, q: { cursor?: string; limit?: number }) => {
    const p = pageOfList(list, q, (t) => ({ createdAt: t.createdOn, id: t.id }));
    return { tokens: p.items, nextCursor: p.nextCursor };
  };

  app.get(
    '/sites/:site/tokens',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the site tokens of a site',
        tags,
        params: Type.Object({ site: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('tokens', ApiToken), ...problemResponses },
      },
    },
    async (req) => page(await listApiTokens(ctx, { siteId: (await findSiteByRef(ctx, req.params.site)).id }), req.query),
  );

  app.post(
    '/sites/:site/tokens',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Create a site token',
        tags,
        params: Type.Object({ site: Ref }),
        headers: IdempotencyHeaders,
        body: NewSiteToken,
        response: { 201: Created, ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const site = await findSiteByRef(ctx, req.params.site);
        const made = await createSiteToken(ctx, site.id, { ...req.body, actor: adminKeyActor(req.adminKey!) });
        return { token: made.record, accessToken: made.token };
      }),
  );

  app.get(
    '/workspaces/:workspace/tokens',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'List the workspace tokens of a workspace',
        tags,
        params: Type.Object({ workspace: Ref }),
        querystring: PageQuery,
        response: { 200: pageOf('tokens', ApiToken), ...problemResponses },
      },
    },
    async (req) => page(await listApiTokens(ctx, { workspaceId: (await getWorkspace(ctx, req.params.workspace)).id }), req.query),
  );

  app.post(
    '/workspaces/:workspace/tokens',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Create a workspace token',
        tags,
        params: Type.Object({ workspace: Ref }),
        headers: IdempotencyHeaders,
        body: NewWorkspaceToken,
        response: { 201: Created, ...problemResponses },
      },
    },
    async (req, reply) =>
      createOnce(ctx, req, reply, 201, async () => {
        const workspace = await getWorkspace(ctx, req.params.workspace);
        const made = await createWorkspaceToken(ctx, workspace.id, { ...req.body, actor: adminKeyActor(req.adminKey!) });
        return { token: made.record, accessToken: made.token };
      }),
  );

  app.get(
    '/tokens/:token_id',
    {
      config: { admin: { scope: 'admin:read' } },
      schema: {
        summary: 'Get a site or workspace token',
        tags,
        params: Type.Object({ token_id: Id }),
        response: { 200: Type.Object({ token: ApiToken }), ...problemResponses },
      },
    },
    async (req) => ({ token: await getApiToken(ctx, req.params.token_id) }),
  );

  app.delete(
    '/tokens/:token_id',
    {
      config: { admin: { scope: 'admin:write' } },
      schema: {
        summary: 'Revoke a site or workspace token',
        tags,
        params: Type.Object({ token_id: Id }),
        response: { 200: Type.Object({ id: Type.String(), revoked: Type.Boolean(), alreadyRevoked: Type.Boolean() }), ...problemResponses },
      },
    },
    async (req) => {
      const token = await getApiToken(ctx, req.params.token_id);
      const revoked = await revokeAccessToken(ctx, token.id, adminKeyActor(req.adminKey!));
      return { id: token.id, revoked, alreadyRevoked: !revoked };
    },
  );
};
