import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_PAGE_LIMIT } from '../../../platform/admin/cursor-page.js';

/** The admin API's shapes (docs/admin-api.md); the OpenAPI document is generated from them. */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ description: 'ISO-8601 UTC' });
export const Id = Type.String({ pattern: '^[0-9a-f]{24}$', description: '24-hex object id' });
/** Workspaces by id or slug; sites by id or short name. */
export const Ref = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'id, or workspace slug / site short name' });

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI of the code on docs/admin-api.md' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String({ description: 'One of the codes in docs/admin-api.md, "Errors"' }),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'AdminProblem', title: 'Problem (RFC 9457)' },
);

export const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem };

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 })),
});

/** A page: the items under `key`, and the cursor of the next page (null on the last). */
export const pageOf = (key: string, item: TSchema) => Type.Object({ [key]: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, description: 'Retry-safe creates: the same key and body answer the same; see docs/admin-api.md' }),
  ),
});

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  emailVerified: Type.Boolean(),
  createdOn: DateTime,
});
export const Workspace = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), plan: Type.String(), createdOn: DateTime });
export const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
  since: DateTime,
});
export const Invitation = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
  invitedBy: Nullable(Type.String({ description: "The inviter's email, or admin-key:<id>; null when made by the CLI" })),
  createdOn: DateTime,
  expiresOn: DateTime,
  delivered: Type.Boolean({ description: 'Whether the last email carrying it reached the mail server' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('expired'), Type.Literal('accepted'), Type.Literal('revoked')]),
});
export const MembershipChange = Type.Object({ authorizationsRevoked: Type.Integer(), apiTokensRevoked: Type.Integer() });

export const App = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  homepage: Type.String(),
  logoUrl: Type.Optional(Nullable(Type.String({ description: "An https URL of the app's logo; null when none is set" }))),
  clientId: Type.String(),
  clientType: Type.String(),
  scopes: Type.Array(Type.String()),
  redirectUris: Type.Array(Type.String()),
  restrictToSingleSite: Type.Boolean(),
  isPublic: Type.Boolean(),
  previousSecretExpiresAt: Type.Optional(
    Nullable(Type.String({ description: 'ISO-8601 UTC: after a rotation with an overlap, until when the previous client secret works; null when none does' })),
  ),
  createdOn: DateTime,
  updatedOn: DateTime,
});

export const ApiToken = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('site'), Type.Literal('workspace')]),
  name: Type.String(),
  siteId: Nullable(Type.String()),
  workspaceId: Type.String(),
  scopes: Type.Array(Type.String()),
  createdOn: DateTime,
  lastUsed: Nullable(DateTime),
  createdBy: Nullable(Type.String()),
  expiry: Type.Union([Type.Literal('inactivity'), Type.Literal('fixed')], {
    description: "inactivity: Webflow's rule, 365 days unused; fixed: the date chosen at creation",
  }),
  expiresOn: Type.String({ description: 'ISO-8601 UTC: when the token stops working (for inactivity, 365 days after its last use unless used again)' }),
  expired: Type.Boolean(),
  displayHint: Nullable(
    Type.String({
      description: 'The type prefix and last four characters; null for tokens made before hints were kept',
      examples: ['gth_site_…x7Qa'],
    }),
  ),
});

export const Authorization = Type.Object({
  id: Type.String(),
  appId: Type.String(),
  appName: Type.String(),
  workspaceId: Type.String(),
  userId: Type.String(),
  userEmail: Type.String(),
  userName: Type.String(),
  target: Type.Union([Type.Literal('workspace'), Type.Literal('sites')]),
  sites: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })),
  scopes: Type.Array(Type.String()),
  createdOn: DateTime,
});

export const AuditEvent = Type.Object({
  id: Type.String(),
  timestamp: DateTime,
  eventType: Type.String(),
  eventSubType: Type.String(),
  actor: Type.Object({ id: Nullable(Type.String()), email: Nullable(Type.String()) }),
  workspaceId: Nullable(Type.String()),
  siteId: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

export { Site } from '../api/v2/schemas.js';
