import type { RouteOptions } from 'fastify';
import type { TokenKind } from '../../../../domain.js';
import type { Principal } from '../../../../platform/tokens/token-lookup.js';
import type { UsageTally } from '../../../../platform/usage/usage-recorder.js';
import { ApiError, missingScopes } from './api-error.js';

/**
 * What a /v2 route declares (docs/design.md, "Surfaces": every route declares its scopes). `scopes` lists what the token
 * must hold; `'trigger-type'` means the scope follows the webhook trigger type (docs/webflow-wire.md, "Webhooks") and the
 * handler checks it once it knows the type. `tokenKinds` narrows which token kinds may call the route.
 */
export interface DataApiRouteConfig {
  scopes: readonly string[] | 'trigger-type';
  tokenKinds?: readonly TokenKind[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    dataApi?: DataApiRouteConfig;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The usage tally the request was counted on (admission step `usage`); its answer's status is added to it. */
    usage: UsageTally | null;
  }
}

/** onRoute check: the app refuses to start when a /v2 route has no scope declaration. */
export function assertScopesDeclared(route: RouteOptions): void {
  const declared = (route.config as { dataApi?: DataApiRouteConfig } | undefined)?.dataApi;
  const ok = declared && (declared.scopes === 'trigger-type' || (Array.isArray(declared.scopes) && declared.scopes.every((s) => typeof s === 'string')));
  if (!ok) throw new Error(`Data API route ${String(route.method)} ${route.url} does not declare its scopes (config.dataApi.scopes)`);
}

/** RFC 6750 §3.1 insufficient_scope when the principal lacks any of `required`; undefined when it holds them all. */
export function scopeRefusal(principal: Principal, required: readonly string[]): ApiError | undefined {
  // Checked on every request: the list of what is missing is built only for a refusal.
  for (const scope of required) {
    if (!principal.scopes.has(scope))
      return missingScopes(
        required.filter((s) => !principal.scopes.has(s)),
        [...required],
      );
  }
  return undefined;
}

/** The same, thrown: for routes whose scope depends on the request (`'trigger-type'`). */
export function requireScopes(principal: Principal, required: readonly string[]): void {
  const refusal = scopeRefusal(principal, required);
  if (refusal) throw refusal;
}

/** Site and workspace tokens may not call the authorization endpoints (docs/webflow-wire.md, "Scopes and token kinds"). */
export function tokenKindRefusal(principal: Principal, kinds: readonly TokenKind[] | undefined): ApiError | undefined {
  if (kinds && !kinds.includes(principal.kind)) {
    return new ApiError('forbidden', 'User is not authorized to perform this action: this endpoint needs an OAuth (Data Client app) token');
  }
  return undefined;
}
