import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { DashboardAgent } from '../http/dashboard/dashboard-agent.js';
import { seedCodes } from '../support/authorization-codes.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { PASSWORD, createWorld, type World } from '../support/fixtures.js';
import { bearer } from '../support/oauth-token.js';
import { backends, createTestApp, requirePostgresUrl } from '../support/runtime.js';

/**
 * Each surface answers a database that cannot answer with 503 and Retry-After, in its own format. On
 * PostgreSQL the test's proxy resets every connection; on SQLite another connection holds the write lock
 * past the busy timeout, so every write gives up.
 */
describe.each(backends())('an unavailable database, on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let proxy: FaultProxy | undefined;
  let locker: SQLite.Database | undefined;
  let siteToken: string;
  let codes: string[];
  let login: DashboardAgent;
  let dashboard: DashboardAgent;

  beforeAll(async () => {
    // SQLite gives up on the held lock after the statement timeout; PostgreSQL would also end transactions
    // idle that long, which a busy test machine must not trigger during setup.
    const statementTimeout = backend === 'sqlite' ? '100' : '5000';
    const env: Record<string, string> = {
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DATABASE_STATEMENT_TIMEOUT_MS: statementTimeout,
      DATABASE_QUERY_TIMEOUT_MS: '6000',
      PASSWORD_HASH_COST: '14',
    };
    if (backend === 'postgres') {
      const url = new URL(requirePostgresUrl());
      proxy = await FaultProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      env.DATABASE_URL = url.toString();
    }
    t = await createTestApp(backend, env);
    w = await createWorld(t.runtime.ctx);
    siteToken = (await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'writer', scopes: ['sites:read', 'sites:write'] })).token;
    codes = await seedCodes(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id }, 2);
    login = new DashboardAgent(t.app);
    await login.get('/login');
    dashboard = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
    if (proxy) proxy.refuse();
    else {
      locker = new SQLite(path.join(t.runtime.config.dataDir, 'gatehouse.sqlite'));
      locker.exec('begin exclusive');
    }
  }, 60_000);

  afterAll(async () => {
    locker?.exec('rollback');
    locker?.close();
    proxy?.heal();
    await t.close();
    await proxy?.close();
  }, 60_000);

  const expectRetryAfter = (headers: Record<string, unknown>) => expect(Number(headers['retry-after'])).toBeGreaterThan(0);

  it('Data API: 503 service_unavailable in the Webflow error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: bearer(siteToken),
      payload: { publishToWebflowSubdomain: true },
    });
    expect(res.statusCode).toBe(503);
    expectRetryAfter(res.headers);
    expect(res.json()).toEqual({ code: 'service_unavailable', message: expect.any(String), externalReference: null, details: [] });
  });

  it('OAuth token endpoint: 503 temporarily_unavailable, no-store', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/access_token',
      payload: { grant_type: 'authorization_code', code: codes[0], client_id: w.app.clientId, client_secret: w.clientSecret },
    });
    expect(res.statusCode).toBe(503);
    expectRetryAfter(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  });

  it('sign-in page: a 503 HTML page', async () => {
    const res = await login.post('/login', { email: w.admin.email, password: PASSWORD });
    expect(res.statusCode).toBe(503);
    expectRetryAfter(res.headers);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Temporarily unavailable');
  });

  it('dashboard: a 503 HTML page', async () => {
    const res = await dashboard.post('/workspaces', { name: 'Never made' });
    expect(res.statusCode).toBe(503);
    expectRetryAfter(res.headers);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Temporarily unavailable');
  });

  it('authorize endpoint: a 503 HTML page naming temporarily_unavailable', async () => {
    const res = await t.app.inject({ url: `/oauth/authorize?client_id=${w.app.clientId}&response_type=code&scope=sites%3Aread` });
    expect(res.statusCode).toBe(503);
    expectRetryAfter(res.headers);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('temporarily_unavailable');
  });

  it.runIf(backend === 'postgres')('readiness: /readyz answers 503', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
  });
});
