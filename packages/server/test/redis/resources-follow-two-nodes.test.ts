import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { adminKeys, adminRequest } from '../http/admin/admin-client.js';
import { basic, obtainCode, openConsent, authorizeQuery, sessionCookie, tokenRequest } from '../http/oauth/oauth-helpers.js';
import { createWorld, type World } from '../support/fixtures.js';
import { REDIS_URL, requireRedis } from '../support/redis.js';
import { createTestApp } from '../support/runtime.js';

const reachable = (await requireRedis()) && Boolean(process.env.TEST_DATABASE_URL);

/**
 * docs/admin-api.md, "Sites", at scale: two nodes on one PostgreSQL database sharing Redis. The product's
 * backend creates, renames and deletes a site through one node's admin API; the other node's consent picker,
 * Data API reads (its site and token caches, warmed first) and introspection follow as soon as the notice
 * reaches it (docs/deployment.md, "Revocation across nodes").
 */
describe.skipIf(!reachable)('sites provisioned through one node, followed by another (PostgreSQL + Redis)', () => {
  const prefix = `gatehouse-test:${randomBytes(6).toString('hex')}:`;
  let a: Awaited<ReturnType<typeof createTestApp>>;
  let b: { runtime: Runtime; app: FastifyInstance };
  let w: World;
  let key: string;
  let cookie: string;

  beforeAll(async () => {
    // Long cache lifetimes: only a notice can make node B see a change in time.
    const ttl = { cacheTtlMs: { tokens: 3_600_000, sites: 3_600_000, workspaceSites: 3_600_000 } };
    a = await createTestApp('postgres', { REDIS_URL }, { ...ttl, dataApi: { redisPrefix: prefix } });
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(a.runtime.ctx.db)).rows[0]!.s;
    const runtime = await createRuntime(a.runtime.config, { ...ttl, schema, migrate: false, dataApi: { redisPrefix: prefix } });
    b = { runtime, app: await buildApp(runtime, { logger: false }) };
    await b.app.ready();
    w = await createWorld(a.runtime.ctx);
    key = (await adminKeys(a.runtime.ctx)).write;
    cookie = await sessionCookie(a.runtime, w.admin);
  }, 60_000);
  afterAll(async () => {
    await b?.app.close();
    await b?.runtime.close();
    await a?.close();
  }, 60_000);

  const call = () => adminRequest(a.app);
  const picker = async () => (await openConsent(b.app, cookie, authorizeQuery(w.app))).page.body;
  const introspect = async (token: string) =>
    (await tokenRequest(b.app, { token }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(w.app.clientId, w.clientSecret) } })).json();
  const readSite = (token: string, id: string) => b.app.inject({ url: `/v2/sites/${id}`, headers: { authorization: `Bearer ${token}` } });

  it('offers a new site on the other node, shows a rename there, and ends a deleted site’s grants there', async () => {
    const created = await call()(key, 'POST', `/workspaces/${w.workspace.id}/sites`, {
      displayName: 'Project Orion',
      shortName: `orion-${w.workspace.slug.slice(-8)}`,
    });
    expect(created.statusCode).toBe(201);
    const site = created.json().site as { id: string };
    expect(await picker()).toContain('Project Orion');

    const { code } = await obtainCode(b.app, cookie, { app: w.app, workspaceId: w.workspace.id, siteIds: [site.id] });
    const oauthToken = (await tokenRequest(b.app, { client_id: w.app.clientId, client_secret: w.clientSecret, grant_type: 'authorization_code', code })).json()
      .access_token as string;
    const siteToken = (await call()(key, 'POST', `/sites/${site.id}/tokens`, { name: 'ci', scopes: ['sites:read'] })).json().accessToken as string;
    // Node B's caches hold the site and both tokens.
    expect((await readSite(oauthToken, site.id)).json().displayName).toBe('Project Orion');
    expect((await readSite(siteToken, site.id)).json().displayName).toBe('Project Orion');
    expect((await introspect(oauthToken)).active).toBe(true);
    expect((await introspect(siteToken)).active).toBe(true);

    const renamedThere = once(b.runtime.ctx.events, 'sites.changed');
    expect((await call()(key, 'PATCH', `/sites/${site.id}`, { displayName: 'Project Orion II' })).statusCode).toBe(200);
    await renamedThere;
    expect((await readSite(oauthToken, site.id)).json().displayName).toBe('Project Orion II');
    expect((await readSite(siteToken, site.id)).json().displayName).toBe('Project Orion II');
    expect(await picker()).toContain('Project Orion II');

    const revokedThere = once(b.runtime.ctx.events, 'revoked');
    const deleted = await call()(key, 'DELETE', `/sites/${site.id}`);
    expect(deleted.statusCode).toBe(200);
    await revokedThere;
    expect((await readSite(oauthToken, site.id)).statusCode).toBe(401);
    expect((await readSite(siteToken, site.id)).statusCode).toBe(401);
    expect(await introspect(oauthToken)).toEqual({ active: false });
    expect(await introspect(siteToken)).toEqual({ active: false });
    expect(await picker()).not.toContain('Project Orion');
  });
});
