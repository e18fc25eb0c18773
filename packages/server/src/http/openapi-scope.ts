/**
 * Which routes the OpenAPI document describes. It covers the machine surfaces: the Data API (`/v2/…`),
 * Gatehouse's own bearer-token API (`/gatehouse/…`), the admin API (`/admin/…`),
 * the OAuth endpoints (`/oauth/…`) and the authorization-server metadata (`/.well-known/…`). Left out,
 * by this rule and nothing else:
 * - the browser steps of consent (`/oauth/authorize/resume`, `/oauth/authorize/decision`): HTML forms
 *   reached only by following `/oauth/authorize`, not something a client calls;
 * - everything else is the HTML surface or plumbing — dashboard, login, sign-up, the docs themselves,
 *   static assets, the OpenAPI document, and the `/healthz` `/readyz` probes;
 * - HEAD routes fastify derives from GET routes (same operation, no body).
 */
const DOCUMENTED_PREFIXES = ['/v2/', '/gatehouse/', '/admin/', '/oauth/', '/.well-known/'];
const BROWSER_STEPS = new Set(['/oauth/authorize/resume', '/oauth/authorize/decision']);

export function isDocumentedRoute(url: string, method: string): boolean {
  if (method === 'HEAD' || method === 'OPTIONS') return false;
  if (BROWSER_STEPS.has(url)) return false;
  return DOCUMENTED_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/** Fastify path `/v2/sites/:site_id` → OpenAPI path `/v2/sites/{site_id}`. */
export function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
