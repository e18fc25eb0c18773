import type { RouteOptions } from 'fastify';
import { TRIGGER_SCOPES } from '../platform/webhooks/webhook-triggers.js';
import type { DataApiRouteConfig } from './routes/api/v2/route-scopes.js';
import { OAUTH_OPERATIONS } from './openapi-oauth.js';
import { isDocumentedRoute } from './openapi-scope.js';
import type { AdminRouteConfig } from './routes/admin/admin-auth.js';

type Schema = Record<string, unknown> & { response?: Record<string, unknown>; description?: string };

/** What each Data API error status means (docs/webflow-wire.md, "Errors"); the body is always the same error object. */
const DATA_API_ERRORS: Record<string, string> = {
  400: 'bad_request, validation_error (details name each field), no_domains, invalid_domain, unsupported_webhook_trigger_type or incompatible_webhook_filter',
  401: 'not_authorized: no bearer token, or an unknown, revoked or expired one',
  403: 'missing_scopes (the message names them), or forbidden for a token kind the route refuses',
  404: 'resource_not_found: the object does not exist or the token does not reach it',
  409: 'conflict: a limit or uniqueness rule',
  429: 'too_many_requests: the per-token rate limit (see Retry-After)',
};
const RATE_NOTE = 'Every answer carries `X-RateLimit-Limit` and `X-RateLimit-Remaining`.';

const TRIGGER_SCOPE_SET = [...new Set(Object.values(TRIGGER_SCOPES))];

/** docs/design.md, "Surfaces": a /v2 route's declared scopes become its security requirement, for OAuth and pasted tokens alike. */
function dataApiSecurity(declared: DataApiRouteConfig): { security: unknown[]; note: string } {
  const kinds = declared.tokenKinds ? `Token kinds: ${declared.tokenKinds.join(', ')} only.` : 'Any token kind: OAuth, site or workspace.';
  if (declared.scopes === 'trigger-type') {
    return {
      security: TRIGGER_SCOPE_SET.flatMap((s) => [{ oauth2: [s] }, { bearerToken: [s] }]),
      note: `**Scopes:** the scope of the webhook's trigger type (one of ${TRIGGER_SCOPE_SET.map((s) => `\`${s}\``).join(', ')}). ${kinds}`,
    };
  }
  const scopes = [...declared.scopes];
  return {
    security: [{ oauth2: scopes }, { bearerToken: scopes }],
    note: `**Scopes:** ${scopes.length ? scopes.map((s) => `\`${s}\``).join(', ') : 'none'}. ${kinds}`,
  };
}

function describeResponses(response: Record<string, unknown> | undefined, summary: unknown): Record<string, unknown> | undefined {
  if (!response) return response;
  const out: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(response)) {
    const success = status.startsWith('2') && !(schema as { description?: string }).description ? `${String(summary ?? 'Success')}: success` : undefined;
    const described = DATA_API_ERRORS[status] ?? success;
    out[status] = described ? { ...(schema as object), description: described } : schema;
  }
  return out;
}

/** @fastify/swagger `transform`: hides what the document does not cover, adds scopes and OAuth descriptions. */
export function openApiTransform({ schema, url, route }: { schema: unknown; url: string; route: RouteOptions }): { schema: Schema; url: string } {
  const method = String(route.method);
  const base = (schema ?? {}) as Schema;
  if (!isDocumentedRoute(url, method)) return { schema: { ...base, hide: true }, url };

  const oauth = OAUTH_OPERATIONS[`${method} ${url}`];
  if (oauth) return { schema: { ...oauth }, url };

  const admin = (route.config as { admin?: AdminRouteConfig } | undefined)?.admin;
  if (admin) return { schema: adminOperation(base, admin), url };

  const declared = (route.config as { dataApi?: DataApiRouteConfig } | undefined)?.dataApi;
  if (!declared) return { schema: base, url };
  const { security, note } = dataApiSecurity(declared);
  return {
    schema: {
      ...base,
      description: [note, base.description, RATE_NOTE].filter(Boolean).join('\n\n'),
      security,
      response: describeResponses(base.response, base.summary),
      'x-gatehouse-scopes': declared.scopes,
    },
    url,
  };
}

/** docs/admin-api.md: an admin route needs an admin API key holding its scope; errors are RFC 9457 problems. */
function adminOperation(base: Schema, admin: AdminRouteConfig): Schema {
  const note = `**Admin API key scope:** \`${admin.scope}\`${admin.scope === 'admin:read' ? ' (or `admin:write`)' : ''}. Errors are \`application/problem+json\`.`;
  const response = Object.fromEntries(
    Object.entries(base.response ?? {}).map(([status, schema]) => [
      status,
      { ...(schema as object), description: ADMIN_ERRORS[status] ?? `${String(base.summary ?? 'Success')}: success` },
    ]),
  );
  return {
    ...base,
    description: [note, base.description].filter(Boolean).join('\n\n'),
    security: [{ adminKey: [] }],
    response,
    'x-gatehouse-admin-scope': admin.scope,
  };
}

/** What each admin API error status means; the body is always an RFC 9457 problem (docs/admin-api.md, "Errors"). */
const ADMIN_ERRORS: Record<string, string> = {
  400: 'validation_failed (errors name every field at once, the cursor and limit included) or bad_request',
  401: 'invalid_admin_key: no admin API key, or an unknown or revoked one',
  403: 'insufficient_scope (a read key writing) or forbidden',
  404: 'not_found',
  409: 'conflict, limit_reached, or idempotency_key_in_progress',
  422: 'idempotency_key_reused: the Idempotency-Key was used for a different request',
  503: 'service_unavailable: the database cannot be reached; retry',
};
