import type { Principal } from './token-lookup.js';

type App = NonNullable<Principal['app']>;

/** Distinct values each memo keeps before it starts over. */
const MAX_DISTINCT = 1_000;

const scopeSets = new Map<string, { scope: string; scopes: ReadonlySet<string> }>();
const apps = new Map<string, App>();

/**
 * The parts that many cached principals have alike, made once and shared: the tokens of an app carry a
 * few scope strings between them, and the same app. A full token cache then holds a few scope sets and
 * app objects instead of one of each per token (docs/deployment.md, "Memory"). Shared values are never
 * mutated (a principal is read-only to its users), and an app whose details changed gets a new object.
 */
export function sharedScopes(stored: string): { scope: string; scopes: ReadonlySet<string> } {
  let shared = scopeSets.get(stored);
  if (!shared) {
    if (scopeSets.size >= MAX_DISTINCT) scopeSets.clear();
    shared = { scope: stored, scopes: new Set(stored.split(/[\s,]+/).filter(Boolean)) };
    scopeSets.set(stored, shared);
  }
  return shared;
}

export function sharedApp(appId: string, app: App): App {
  const known = apps.get(appId);
  if (known && known.clientId === app.clientId && known.name === app.name && known.description === app.description && known.homepage === app.homepage)
    return known;
  if (apps.size >= MAX_DISTINCT) apps.clear();
  apps.set(appId, app);
  return app;
}
