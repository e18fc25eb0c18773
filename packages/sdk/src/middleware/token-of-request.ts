import type { ActiveTokenIntrospection } from '../oauth/introspect.js';

/**
 * The introspection `requireScopes` put on a request (`req.gatehouse`); throws when the
 * middleware did not run, so a route cannot silently go unprotected.
 *
 * @example
 * app.get('/me', auth.requireScopes(), (req, res) => res.json({ sub: tokenOf(req).sub }));
 */
export function tokenOf(req: object): ActiveTokenIntrospection {
  const token = (req as { gatehouse?: ActiveTokenIntrospection }).gatehouse;
  if (!token) throw new Error('No Gatehouse token on this request: is requireScopes() in front of the route?');
  return token;
}
