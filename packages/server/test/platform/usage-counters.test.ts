import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildApp } from '../../src/http/app.js';
import { ExpirySweeper } from '../../src/platform/expiry-sweeper.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { usageReport } from '../../src/platform/usage/usage-report.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { bearer, grantOAuthToken } from '../support/oauth-token.js';
import { backends, dropSchema, requirePostgresUrl } from '../support/runtime.js';

const HOUR = 3_600_000;

/**
 * docs/dashboard.md, "Usage": two nodes on one database (a SQLite file or a PostgreSQL schema) count Data API requests
 * in memory and add them to the same hourly rows. The flush timer is set far out, so only the flushes a test asks for
 * (and shutdown) write anything.
 */
describe.each(backends())('usage counters on %s', (backend) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-usage-'));
  const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = backend === 'postgres' ? requirePostgresUrl() : undefined;
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  let now = Date.parse('2026-12-02T14:10:00Z');
  const open = async () => {
    const runtime = await createRuntime(config, { ...(schema ? { schema } : {}), now: () => new Date(now), dataApi: { usage: { flushEveryMs: 24 * HOUR } } });
    return { runtime, app: await buildApp(runtime, { logger: false }) };
  };
  let a: { runtime: Runtime; app: FastifyInstance };
  let b: { runtime: Runtime; app: FastifyInstance };
  let w: World;
  let oauth: { token: string; tokenId: string };
  let site: { token: string; id: string };

  const rowsOf = async () =>
    (await a.runtime.ctx.db.selectFrom('usage_hourly').selectAll().orderBy('subject_kind').orderBy('subject_id').orderBy('hour').execute()).map((r) => ({
      ...r,
      requests: Number(r.requests),
      client_errors: Number(r.client_errors),
      rate_limited: Number(r.rate_limited),
    }));
  const rowOf = async (kind: string, id: string, hour = '2026-12-02T14') => {
    const row = (await rowsOf()).find((r) => r.subject_kind === kind && r.subject_id === id && r.hour === hour);
    return row && { requests: row.requests, clientErrors: row.client_errors, rateLimited: row.rate_limited };
  };
  const get = (node: { app: FastifyInstance }, token: string, url: string) => node.app.inject({ url, headers: bearer(token) });

  beforeAll(async () => {
    a = await open();
    b = await open();
    w = await createWorld(a.runtime.ctx);
    // A small limit, so a test can reach 429 in a few requests.
    await a.runtime.ctx.db.updateTable('workspaces').set({ api_rate_limit: 5 }).where('id', '=', w.workspace.id).execute();
    oauth = await grantOAuthToken(a.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteA.id],
      scopes: ['sites:read'],
    });
    const made = await createSiteToken(a.runtime.ctx, w.siteA.id, { name: 'Counted', scopes: ['sites:read'], actor: null });
    site = { token: made.token, id: made.record.id };
  });
  afterAll(async () => {
    for (const node of [a, b]) {
      await node?.app.close();
      await node?.runtime.close();
    }
    if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts each request per token, app and workspace in memory, 4xx and 429 apart, and writes them at a flush', async () => {
    const statuses: number[] = [];
    for (const url of ['/v2/sites', '/v2/sites', '/v2/sites', `/v2/sites/${w.otherSite.id}`, '/v2/token/authorized_by', '/v2/sites', '/v2/sites']) {
      statuses.push((await get(a, oauth.token, url)).statusCode);
    }
    // Three answered, a site it does not reach, a scope it lacks, then the window of 5 is used up.
    expect(statuses).toEqual([200, 200, 200, 404, 403, 429, 429]);
    for (const url of ['/v2/sites', '/v2/sites', '/v2/token/introspect']) statuses.push((await get(a, site.token, url)).statusCode);
    expect(statuses.slice(7)).toEqual([200, 200, 403]);
    // A token nobody issued belongs to no subject: refused, and counted nowhere.
    expect((await get(a, 'gth_oat_unknown', '/v2/sites')).statusCode).toBe(401);

    expect(await rowsOf()).toEqual([]);
    await a.runtime.dataApi.usage.flush();
    expect(await rowOf('token', oauth.tokenId)).toEqual({ requests: 7, clientErrors: 2, rateLimited: 2 });
    expect(await rowOf('token', site.id)).toEqual({ requests: 3, clientErrors: 1, rateLimited: 0 });
    expect(await rowOf('app', w.app.id)).toEqual({ requests: 7, clientErrors: 2, rateLimited: 2 });
    expect(await rowOf('workspace', w.workspace.id)).toEqual({ requests: 10, clientErrors: 3, rateLimited: 2 });
    expect(await rowsOf()).toHaveLength(4);
    // A flush with nothing new writes nothing and changes nothing.
    await a.runtime.dataApi.usage.flush();
    expect(await rowOf('workspace', w.workspace.id)).toEqual({ requests: 10, clientErrors: 3, rateLimited: 2 });
  });

  it('adds what several nodes counted for the same hour instead of overwriting it, also when they flush at once', async () => {
    now += 60_000; // a fresh rate-limit window
    for (let i = 0; i < 2; i++) expect((await get(a, site.token, '/v2/sites')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get(b, site.token, '/v2/sites')).statusCode).toBe(200);
    expect((await get(b, site.token, `/v2/sites/${w.siteB.id}`)).statusCode).toBe(404);
    await Promise.all([a.runtime.dataApi.usage.flush(), b.runtime.dataApi.usage.flush()]);
    expect(await rowOf('token', site.id)).toEqual({ requests: 3 + 6, clientErrors: 1 + 1, rateLimited: 0 });
    expect(await rowOf('workspace', w.workspace.id)).toEqual({ requests: 10 + 6, clientErrors: 3 + 1, rateLimited: 2 });
    // Site tokens belong to no app: the app's row is unchanged.
    expect(await rowOf('app', w.app.id)).toEqual({ requests: 7, clientErrors: 2, rateLimited: 2 });
  });

  it('starts a new row when the hour turns, and the report rolls hours into days', async () => {
    now = Date.parse('2026-12-02T15:00:30Z');
    expect((await get(a, oauth.token, '/v2/sites')).statusCode).toBe(200);
    await a.runtime.dataApi.usage.flush();
    expect(await rowOf('token', oauth.tokenId, '2026-12-02T15')).toEqual({ requests: 1, clientErrors: 0, rateLimited: 0 });
    expect(await rowOf('token', oauth.tokenId)).toEqual({ requests: 7, clientErrors: 2, rateLimited: 2 });

    const report = await usageReport(a.runtime.ctx, { kind: 'app', id: w.app.id });
    expect(report.hours).toHaveLength(48);
    expect(report.hours.at(-1)).toEqual({ start: '2026-12-02T15', requests: 1, clientErrors: 0, rateLimited: 0 });
    expect(report.hours.at(-2)).toEqual({ start: '2026-12-02T14', requests: 7, clientErrors: 2, rateLimited: 2 });
    expect(report.days).toHaveLength(30);
    expect(report.days.at(-1)).toEqual({ start: '2026-12-02', requests: 8, clientErrors: 2, rateLimited: 2 });
    expect(report.days[0]!.start).toBe('2026-11-03');
    expect(report.total).toEqual({ requests: 8, clientErrors: 2, rateLimited: 2 });
  });

  it('sweeps rows older than 35 days with the expiry sweep and keeps the rest', async () => {
    await a.runtime.ctx.db
      .insertInto('usage_hourly')
      .values([
        { subject_kind: 'token', subject_id: site.id, hour: '2026-10-28T13', requests: 4, client_errors: 0, rate_limited: 0 },
        { subject_kind: 'token', subject_id: site.id, hour: '2026-10-28T15', requests: 5, client_errors: 0, rate_limited: 0 },
      ])
      .execute();
    // 35 days before 2026-12-02T15:00:30 is 2026-10-28T15:00:30: the 13:00 row is older, the 15:00 row is not.
    const swept = await new ExpirySweeper(a.runtime.ctx).sweepOnce();
    expect(swept['usage older than 35 days']).toBe(1);
    const hours = (await rowsOf()).filter((r) => r.subject_id === site.id).map((r) => r.hour);
    expect(hours).toEqual(['2026-10-28T15', '2026-12-02T14']);
  });

  it('writes what a node counted when it shuts down', async () => {
    expect((await get(b, oauth.token, '/v2/sites')).statusCode).toBe(200);
    await b.app.close();
    await b.runtime.close();
    b = undefined as never;
    expect(await rowOf('token', oauth.tokenId, '2026-12-02T15')).toEqual({ requests: 2, clientErrors: 0, rateLimited: 0 });
  });
});
