import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { GatehouseError, generatePkcePair, generateState, type GatehouseClient } from '@gatehouse/sdk';
import type { ExampleConfig } from '../config.js';
import type { SessionStore } from '../session-store.js';
import { errorPage } from '../views/pages.js';

function sameString(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** `/auth` starts the authorization-code flow; `/callback` finishes it (RFC 6749 §4.1, RFC 7636, RFC 9207). */
export function authRoutes(deps: { gatehouse: GatehouseClient; config: ExampleConfig; sessions: SessionStore; issuer: string }): Router {
  const { gatehouse, config, sessions } = deps;
  const router = Router();

  router.get('/auth', async (req, res) => {
    const session = sessions.of(req, res);
    const state = generateState();
    const { codeVerifier, codeChallenge } = await generatePkcePair();
    session.pendingAuth = { state, codeVerifier };
    res.redirect(302, gatehouse.authorizeURL({ scope: config.scopes, state, redirectUri: config.redirectUri, codeChallenge }));
  });

  router.get('/callback', async (req, res) => {
    const session = sessions.of(req, res);
    const pending = session.pendingAuth;
    delete session.pendingAuth; // a state is good for one callback only
    const { state, code, error, error_description: description, iss } = req.query;
    if (!pending || !sameString(state, pending.state)) {
      res.status(400).send(errorPage('Login failed', 'This callback does not belong to a login started here (state mismatch). Please start again.'));
      return;
    }
    if (iss !== undefined && (typeof iss !== 'string' || withoutTrailingSlash(iss) !== withoutTrailingSlash(deps.issuer))) {
      res.status(400).send(errorPage('Login failed', 'The answer came from an unexpected authorization server (iss mismatch).'));
      return;
    }
    if (error === 'access_denied') {
      session.flash = 'You declined the request. Nothing was shared.';
      res.redirect(303, '/');
      return;
    }
    if (typeof error === 'string' || typeof code !== 'string') {
      const why = typeof description === 'string' ? description : typeof error === 'string' ? error : 'No authorization code came back.';
      res.status(400).send(errorPage('Login failed', why));
      return;
    }
    try {
      const token = await gatehouse.getAccessToken({ code, redirectUri: config.redirectUri, codeVerifier: pending.codeVerifier });
      session.accessToken = token.accessToken;
      session.scope = token.scope;
    } catch (err) {
      if (!(err instanceof GatehouseError)) throw err;
      res.status(502).send(errorPage('Login failed', `Gatehouse refused the code: ${err.code} (${err.message})`));
      return;
    }
    res.redirect(303, '/dashboard');
  });

  return router;
}
