import { GatehouseClient, generatePkcePair, generateState } from '@gatehouse/sdk';
import express from 'express';
import type { ProjectsScope } from '../api/scopes.js';
import { plannerPage, type ApiCall } from './page.js';

export interface PlannerOptions {
  gatehouseUrl: string;
  projectsApiUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: ProjectsScope[];
}

/**
 * Planner, a third-party app: it asks for `projects:read` only, through Gatehouse's consent page, then
 * calls the projects API with the token. It keeps one connection in memory, enough for a demo; a real
 * app keeps one per signed-in user, on the server, behind a session cookie and CSRF-checked forms
 * (examples/express-app does).
 */
export function createPlannerApp(options: PlannerOptions): express.Express {
  const gatehouse = new GatehouseClient<ProjectsScope>({ baseUrl: options.gatehouseUrl, clientId: options.clientId, clientSecret: options.clientSecret });
  let pending: { state: string; codeVerifier: string } | undefined;
  let connection: { accessToken: string; scope: string } | undefined;
  let calls: ApiCall[] = [];

  async function callApi(method: string, path: string, body?: object): Promise<ApiCall> {
    const res = await fetch(`${options.projectsApiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${connection?.accessToken ?? 'none'}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    });
    const call: ApiCall = { request: `${method} ${path}`, status: res.status, body: await res.text() };
    const challenge = res.headers.get('www-authenticate');
    if (challenge) call.challenge = challenge;
    calls = [call, ...calls];
    return call;
  }

  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(plannerPage({ connected: connection !== undefined, scope: connection?.scope, calls }));
  });

  app.get('/connect', async (_req, res) => {
    const { codeVerifier, codeChallenge } = await generatePkcePair();
    pending = { state: generateState(), codeVerifier };
    res.redirect(gatehouse.authorizeURL({ scope: options.scopes, state: pending.state, redirectUri: options.redirectUri, codeChallenge }));
  });

  app.get('/callback', async (req, res) => {
    const { code, state, error } = req.query;
    if (pending && state === pending.state && typeof error === 'string') {
      // The user chose Cancel on the consent page (RFC 6749 §4.1.2.1: `access_denied`).
      pending = undefined;
      calls = [{ request: 'GET /oauth/authorize', status: 400, body: `Not connected: ${error}` }, ...calls];
      res.redirect('/');
      return;
    }
    if (!pending || typeof code !== 'string' || state !== pending.state) {
      res.status(400).type('text').send('This answer does not match a connection Planner started. Connect again.');
      return;
    }
    const { codeVerifier } = pending;
    pending = undefined;
    const token = await gatehouse.getAccessToken({ code, redirectUri: options.redirectUri, codeVerifier });
    connection = { accessToken: token.accessToken, scope: token.scope };
    calls = [];
    await callApi('GET', '/api/projects');
    res.redirect('/');
  });

  app.post('/refresh', async (_req, res) => {
    await callApi('GET', '/api/projects');
    res.redirect('/');
  });

  // Planner lacks `projects:write`: the API refuses this with 403 insufficient_scope.
  app.post('/rename', async (_req, res) => {
    const listed = JSON.parse((await callApi('GET', '/api/projects')).body || '{}') as { projects?: Array<{ id: string }> };
    const first = listed.projects?.[0]?.id ?? 'none';
    await callApi('PATCH', `/api/projects/${first}`, { name: 'Renamed by Planner' });
    res.redirect('/');
  });

  // Revokes the token (and the authorization behind it) at Gatehouse, then shows the API refusing it.
  app.post('/disconnect', async (_req, res) => {
    if (connection) await gatehouse.revokeToken(connection.accessToken);
    await callApi('GET', '/api/projects');
    connection = undefined;
    res.redirect('/');
  });
  return app;
}
