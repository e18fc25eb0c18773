/**
 * Realistic examples for the OpenAPI document (docs/structure.md, "Versioning"), made from the very
 * schemas the routes validate and serialise with: every schema node gets `examples`, every request
 * and response body an `example`, every parameter an `example`. Values come from what a field is
 * called — the demo data's ids, names and dates — and from the schema itself (its `const`, `enum`,
 * `default`, `pattern` or bounds), so each example is valid against its schema by construction;
 * the test packages/server/test/docs/openapi-examples.test.ts validates every one.
 */
type Schema = Record<string, unknown>;

const SITE_ID = '66f0c0ffee0000000000a1b2';
const WORKSPACE_ID = '66f0c0ffee0000000000c3d4';
const WHEN = '2026-03-14T09:30:00.000Z';

/** Field names → example values, as the demo data (`gatehouse seed --demo`) would show them. */
const BY_NAME: Record<string, unknown> = {
  id: '66f0c0ffee0000000000e5f6',
  siteId: SITE_ID,
  site_id: SITE_ID,
  workspaceId: WORKSPACE_ID,
  workspace_id_or_slug: 'demo',
  commentId: '66f0c0ffee0000000000b7c8',
  comment_thread_id: '66f0c0ffee0000000000b7c8',
  webhook_id: '66f0c0ffee0000000000d9e0',
  pageId: '66f0c0ffee0000000000f1a2',
  itemId: null,
  localeId: null,
  parentFolderId: null,
  userId: '66f0c0ffee00000000001234',
  resourceId: SITE_ID,
  authorization_id: '66f0c0ffee0000000000abcd',
  displayName: 'Marketing Site',
  shortName: 'marketing',
  resourceName: 'Marketing Site',
  name: 'Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  slug: 'demo',
  plan: 'cms',
  timeZone: 'America/New_York',
  previewUrl: 'https://screenshots.example.com/marketing.png',
  homepage: 'https://demo-app.example.com',
  description: 'Lists your sites and their comments.',
  url: 'https://www.example.com',
  breakpoint: 'main',
  content: 'Can we make the hero headline shorter?',
  triggerType: 'form_submission',
  templateName: 'marketing',
  event: 'site_publish',
  eventSubType: 'site_token_created',
  resourceOperation: 'CREATED',
  previousValue: 'Marketing',
  newValue: 'Marketing Site',
  field: 'site_id',
  message: 'Validation Error: Provided ID is invalid',
  error: 'invalid_grant',
  error_description: 'The authorization code is invalid, expired or already used',
  access_token: 'gth_oat_3Jq9xK2mVb7TzR8wYp4LcN6dF1hG5sA0eU',
  refresh_token: 'gth_ort_8Hs2kD5nQw1ZxC7vBm3LpT9yR4fJ6gE0aK',
  token: 'gth_oat_3Jq9xK2mVb7TzR8wYp4LcN6dF1hG5sA0eU',
  token_type: 'bearer',
  token_type_hint: 'access_token',
  gatehouse_token_kind: 'oauth',
  client_id: '7f135f02fcbc8d36f509b631e974a2a67a254ae92dd51114aa2198125aeef662',
  client_secret: 'gth_cs_4GqTkSNZlYYsEMStq-ja6BG70_2fAOvMh7arJvF9plM',
  code: 'gth_code_2rnvQQmaeZacNu_SCyhVoWFE_a6e2PWFiG9kGNV61Aw',
  code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
  redirect_uri: 'http://localhost:3000/callback',
  response_type: 'code',
  grant_type: 'authorization_code',
  grantType: 'authorization_code',
  scope: 'sites:read authorized_user:read',
  state: 'xyz',
  sub: '66f0c0ffee00000000001234',
  issuer: 'http://127.0.0.1:8080',
  authorization_endpoint: 'http://127.0.0.1:8080/oauth/authorize',
  token_endpoint: 'http://127.0.0.1:8080/oauth/access_token',
  revocation_endpoint: 'http://127.0.0.1:8080/oauth/revoke',
  introspection_endpoint: 'http://127.0.0.1:8080/oauth/introspect',
  sortBy: 'CreatedOn',
  sortOrder: 'desc',
  limit: 10,
  offset: 0,
  total: 1,
  rateLimit: 120,
  expires_in: 3600,
  exp: 1_805_000_000,
  iat: 1_804_996_400,
  active: true,
  did_revoke: true,
  isResolved: false,
  dataCollectionEnabled: true,
  publishToWebflowSubdomain: false,
  locales: {
    primary: {
      id: '66f0c0ffee0000000000aa01',
      cmsLocaleId: null,
      enabled: true,
      displayName: 'English (United States)',
      redirect: true,
      subdirectory: '',
      tag: 'en-US',
    },
    secondary: [],
  },
};

/** The Data API error body (docs/errors.md) each status most often carries. */
const DATA_API_ERRORS: Record<string, { code: string; message: string; details: unknown[] }> = {
  400: { code: 'validation_error', message: 'Validation Error: Provided ID is invalid', details: [{ field: 'site_id', message: 'Provided ID is invalid' }] },
  401: { code: 'not_authorized', message: 'Request not authorized', details: [] },
  403: { code: 'missing_scopes', message: 'OAuthForbidden: You are missing the following scopes - sites:write', details: [] },
  404: { code: 'resource_not_found', message: 'Requested resource not found: The site cannot be found', details: [] },
  409: { code: 'conflict', message: 'Conflict: a site can have at most 75 webhooks of one trigger type', details: [] },
  429: { code: 'too_many_requests', message: 'Too many requests: retry after 42 seconds', details: [] },
};
const isDataApiError = (schema: Schema) => Boolean((schema.properties as Schema | undefined)?.externalReference);

const DATE_FIELD = /(On|Updated|Published|Triggered|Used|timestamp|At|from|to)$/;

/** The first of a few plausible strings that the schema's pattern and length bounds accept. */
function stringExample(schema: Schema, name: string | undefined): string {
  const named = name !== undefined && typeof BY_NAME[name] === 'string' ? (BY_NAME[name] as string) : undefined;
  const dated = (name && DATE_FIELD.test(name)) || String(schema.description ?? '').includes('ISO-8601') ? WHEN : undefined;
  const readable = name?.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const candidates = [
    named,
    dated,
    schema.pattern === '^[0-9a-f]{24}$' ? '66f0c0ffee0000000000e5f6' : undefined,
    readable,
    'site_management',
    'demo',
    '66f0c0ffee0000000000e5f6',
  ];
  const fits = (v: string) =>
    (typeof schema.pattern !== 'string' || new RegExp(schema.pattern, 'u').test(v)) &&
    v.length >= Number(schema.minLength ?? 0) &&
    v.length <= Number(schema.maxLength ?? Infinity);
  const strings = candidates.filter((v): v is string => typeof v === 'string');
  return strings.find(fits) ?? strings[0] ?? 'text';
}

/** The document's reusable schemas, for `$ref`s into `#/components/schemas/`. */
let components: Record<string, Schema> = {};

/** An example for one schema node, given the name of the field it describes (if any). */
function exampleOf(schema: Schema, name: string | undefined, depth: number): unknown {
  if (typeof schema.$ref === 'string') {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    return target && depth < 10 ? exampleOf(target, name, depth + 1) : {};
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum)) return schema.enum.includes(BY_NAME[name ?? '']) ? BY_NAME[name!] : schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    const named = name !== undefined && name in BY_NAME ? BY_NAME[name] : undefined;
    if (named === null && variants.some((v) => v.type === 'null')) return null;
    const choice = variants.find((v) => v.type !== 'null') ?? variants[0]!;
    return exampleOf(choice, name, depth);
  }
  if ('default' in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const out: Record<string, unknown> = {};
    if (depth > 8) return out;
    for (const [key, child] of Object.entries(properties)) out[key] = exampleOf(child, key, depth + 1);
    // An object's own id is the demo site's or workspace's when that is what the object is.
    if ('id' in out && 'shortName' in out && 'displayName' in out) out.id = SITE_ID;
    if ('id' in out && 'slug' in out && 'plan' in out) out.id = WORKSPACE_ID;
    // A custom domain's url is a host name, as Webflow gives it.
    if (Object.keys(out).sort().join() === 'id,lastPublished,url') out.url = 'www.example.com';
    if (isDataApiError(schema)) return { ...out, ...DATA_API_ERRORS[400], externalReference: null };
    return out;
  }
  if (type === 'array') {
    const items = (schema.items ?? {}) as Schema;
    const singular = name
      ?.replace(/(ies)$/, 'y')
      .replace(/s$/, '')
      .replace(/Ids$|_ids$/, 'Id');
    if (name === 'siteIds' || name === 'site_ids') return [SITE_ID];
    if (name === 'workspaceIds' || name === 'workspace_ids') return [WORKSPACE_ID];
    if (name === 'scopes_supported') return ['sites:read', 'sites:write', 'authorized_user:read'];
    if (name === 'mentionedUsers') return [];
    return [exampleOf(items, singular, depth + 1)];
  }
  if (type === 'string') return stringExample(schema, name);
  if (name !== undefined && name in BY_NAME && typeof BY_NAME[name] === (type === 'integer' ? 'number' : type)) return BY_NAME[name];
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  if (name !== undefined && name in BY_NAME) return BY_NAME[name];
  return {};
}

/** Adds `examples` to a schema node and each node below it; returns the node's example. */
function annotate(schema: Schema, name: string | undefined, depth = 0): unknown {
  if (depth > 10) return exampleOf(schema, name, depth);
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) annotate(child, key, depth + 1);
  if (schema.items && typeof schema.items === 'object') annotate(schema.items as Schema, name, depth + 1);
  for (const variant of (schema.anyOf ?? schema.oneOf ?? []) as Schema[]) annotate(variant, name, depth + 1);
  const value = exampleOf(schema, name, depth);
  if (!Array.isArray(schema.examples)) schema.examples = [value];
  return value;
}

type MediaTypes = Record<string, { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> }>;
type Operation = {
  parameters?: Array<{ name: string; schema?: Schema; example?: unknown }>;
  requestBody?: { content?: MediaTypes };
  responses?: Record<string, { content?: MediaTypes }>;
};

function exampleBodies(content: MediaTypes | undefined, status?: string): void {
  for (const media of Object.values(content ?? {})) {
    if (!media.schema || media.example !== undefined) continue;
    // Whole bodies a route gave as its schema's `examples` (@fastify/swagger moves them here): they, not one made of
    // each property's example, stand for the body, where properties exclude one another (expiresInDays, expiresOn).
    // OpenAPI allows `example` or `examples` on a media type, not both, so they go back to the schema.
    const given = Object.values(media.examples ?? {}).map((e) => e.value);
    if (given.length) {
      media.schema.examples = given;
      delete media.examples;
    }
    const value = annotate(media.schema, undefined);
    const error = status && isDataApiError(media.schema) ? DATA_API_ERRORS[status] : undefined;
    media.example = error ? { ...error, externalReference: null } : value;
  }
}

/** @fastify/swagger `transformObject`: the generated document with examples throughout. */
export function withExamples({ openapiObject }: { openapiObject: Record<string, unknown> }): Record<string, unknown> {
  const doc = openapiObject as { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
  components = doc.components?.schemas ?? {};
  for (const schema of Object.values(doc.components?.schemas ?? {})) annotate(schema, undefined);
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema && parameter.example === undefined) parameter.example = annotate(parameter.schema, parameter.name);
      }
      exampleBodies(operation.requestBody?.content);
      for (const [status, response] of Object.entries(operation.responses ?? {})) exampleBodies(response.content, status);
    }
  }
  return openapiObject;
}
