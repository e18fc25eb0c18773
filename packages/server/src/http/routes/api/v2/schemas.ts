import { Type, type TSchema } from '@sinclair/typebox';

/** Shared TypeBox schemas of the Data API (docs/webflow-wire.md); the OpenAPI document is generated from them. */
export const ObjectId = Type.String({ pattern: '^[0-9a-f]{24}$', description: '24-hex object id' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ description: 'ISO-8601 UTC' });

/** docs/webflow-wire.md, "Errors" error body. */
export const ApiErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    externalReference: Type.Null(),
    details: Type.Array(Type.Union([Type.String(), Type.Object({ field: Type.String(), message: Type.String() })])),
  },
  { $id: 'DataApiError' },
);

export const Pagination = Type.Object({ limit: Type.Integer(), offset: Type.Integer(), total: Type.Integer() });

export const Domain = Type.Object({ id: Type.String(), url: Type.String(), lastPublished: Nullable(DateTime) });

export const Site = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  displayName: Type.String(),
  shortName: Type.String(),
  timeZone: Type.String(),
  previewUrl: Nullable(Type.String()),
  createdOn: DateTime,
  lastUpdated: DateTime,
  lastPublished: Nullable(DateTime),
  parentFolderId: Nullable(Type.String()),
  customDomains: Type.Array(Domain),
  locales: Type.Unknown(),
  dataCollectionEnabled: Type.Boolean(),
  dataCollectionType: Type.Union([Type.Literal('always'), Type.Literal('optOut'), Type.Literal('disabled')]),
});

export const Webhook = Type.Object({
  id: Type.String(),
  triggerType: Type.String(),
  url: Type.String(),
  workspaceId: Type.String(),
  siteId: Type.String(),
  filter: Nullable(Type.Object({ name: Type.String() })),
  lastTriggered: Nullable(DateTime),
  createdOn: DateTime,
});

/** Threads name a user `userId`, replies `id`: the two schemas of the official SDK (docs/data-api.md). */
const ThreadPerson = Type.Object({ userId: Type.String(), email: Type.String(), name: Type.String() });
const ReplyPerson = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() });

export const CommentThread = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  pageId: Type.String(),
  localeId: Nullable(Type.String()),
  itemId: Nullable(Type.String()),
  breakpoint: Type.String(),
  url: Type.String(),
  content: Type.String(),
  isResolved: Type.Boolean(),
  author: ThreadPerson,
  mentionedUsers: Type.Array(ThreadPerson),
  createdOn: DateTime,
  lastUpdated: DateTime,
});

export const CommentReply = Type.Object({
  id: Type.String(),
  commentId: Type.String(),
  siteId: Type.String(),
  pageId: Type.String(),
  localeId: Nullable(Type.String()),
  breakpoint: Type.String(),
  content: Type.String(),
  isResolved: Type.Boolean(),
  author: ReplyPerson,
  mentionedUsers: Type.Array(ReplyPerson),
  createdOn: DateTime,
  lastUpdated: DateTime,
});

/** docs/webflow-wire.md, "Pagination" pagination query; `limit` at most 100. */
export const PageQuery = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
};

/** Error responses every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ApiErrorBody,
  401: ApiErrorBody,
  403: ApiErrorBody,
  404: ApiErrorBody,
  429: ApiErrorBody,
};
