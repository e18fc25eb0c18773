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
