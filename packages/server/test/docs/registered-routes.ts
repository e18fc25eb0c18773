import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route the app registered, read from fastify's own route tree (`printRoutes`), independently of
 * the OpenAPI plugin's bookkeeping. Each tree line is a path segment appended to its parent's path:
 * `│   ├── /custom_domains (GET, HEAD)`.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3).trimEnd())!;
    const path = (depth === 0 ? '' : stack[depth - 1]!) + match[1]!;
    stack[depth] = path.startsWith('/') ? path : `/${path}`;
    stack.length = depth + 1;
    for (const method of match[2]?.split(', ') ?? []) routes.push({ method, url: stack[depth]! });
  }
  return routes;
}

/** The registered route a path belongs to: the one with the most fixed characters, as the router picks. */
export function routeOf(routes: readonly string[], pathname: string): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const route of routes) {
    const pattern = route
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:[A-Za-z_]+/g, '[^/]+')
      .replace(/\*/g, '.*');
    const score = route.replace(/:[A-Za-z_]+|\*/g, '').length;
    if (score > bestScore && new RegExp(`^${pattern}$`).test(pathname)) [best, bestScore] = [route, score];
  }
  return best;
}
