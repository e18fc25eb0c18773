import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { GatehouseError, parseScopes, type AuthorizedUser, type GatehouseClient } from '@gatehouse/sdk';
import type { SessionStore } from '../session-store.js';
import { dashboardPage, errorPage, homePage } from '../views/pages.js';

function validCsrf(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** Asks the API with a token that was just revoked, to show the user that it is refused now. */
async function refusalOf(api: GatehouseClient): Promise<string> {
  try {
    await api.sites.list();
    return 'but Gatehouse still accepts the old token';
  } catch (err) {
    if (err instanceof GatehouseError) return `Gatehouse now refuses the old token: ${err.status} ${err.code}`;
    throw err;
  }
}

/** `/` and `/dashboard` show the state of the connection; `POST /disconnect` revokes the token. */
export function dashboardRoutes(deps: { gatehouse: GatehouseClient; sessions: SessionStore }): Router {
  const { gatehouse, sessions } = deps;
  const router = Router();

  router.get('/', (req, res) => {
    const session = sessions.of(req, res);
    if (session.accessToken) return res.redirect(303, '/dashboard');
    const flash = session.flash;
    delete session.flash;
    res.send(homePage(flash));
  });

  router.get('/dashboard', async (req, res) => {
    const session = sessions.of(req, res);
    if (!session.accessToken) return res.redirect(303, '/');
    const api = gatehouse.withAccessToken(session.accessToken);
    const scope = session.scope ?? '';
    try {
      const { sites } = await api.sites.list();
      let user: AuthorizedUser | undefined;
      if (parseScopes(scope).includes('authorized_user:read')) user = await api.authorizedBy();
      res.send(dashboardPage({ sites, user, scope, csrfToken: session.csrfToken }));
    } catch (err) {
      if (!(err instanceof GatehouseError)) throw err;
      if (err.status !== 401) return res.status(502).send(errorPage('Gatehouse error', `${err.status} ${err.code}: ${err.message}`));
      delete session.accessToken;
      session.flash = 'Gatehouse no longer accepts your token (it was revoked). Connect again to continue.';
      res.redirect(303, '/');
    }
  });

  router.post('/disconnect', async (req, res) => {
    const session = sessions.of(req, res);
    if (!validCsrf((req.body as Record<string, unknown> | undefined)?.csrf, session.csrfToken)) {
      return res.status(403).send(errorPage('Not allowed', 'This form did not come from this app (CSRF check failed).'));
    }
    const token = session.accessToken;
    if (!token) return res.redirect(303, '/');
    try {
      await gatehouse.revokeToken(token);
    } catch (err) {
      if (!(err instanceof GatehouseError)) throw err;
      return res.status(502).send(errorPage('Disconnect failed', `Gatehouse did not revoke the token: ${err.code} (${err.message})`));
    }
    delete session.accessToken;
    delete session.scope;
    session.flash = `Disconnected: ${await refusalOf(gatehouse.withAccessToken(token))}.`;
    res.redirect(303, '/');
  });

  return router;
}
