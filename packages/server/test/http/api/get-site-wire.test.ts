import { request } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { loggerOptions } from '../../../src/http/logging.js';
import { createSiteToken, createWorkspaceToken, INACTIVITY_EXPIRY_MS, revokeAccessToken } from '../../../src/platform/tokens/api-tokens.js';
import { revokeAuthorization } from '../../../src/platform/authorization/authorizations.js';
import { updateSite } from '../../../src/platform/sites/sites.js';
import { listenOnLoopback } from '../../support/loopback.js';
import { backends, createTestRuntime, type TestRuntime } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

/**
 * GET /v2/sites/{id}, the hottest read, over a listening server: what goes on the wire (bytes, headers,
 * counters, log lines) is the same whether the token and the site come from memory or from the database,
 * and whether the request is injected or sent. Fastify answers every request (ADR 0012).
 */
describe.each(backends())('Get Site on the wire on %s', (backend) => {
  let clock = Date.now();
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let base: string;
  let w: World;
  let fastifySaw = 0;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    runtime = await createTestRuntime(backend, {}, { now: () => new Date(clock) });
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(JSON.parse(chunk.toString()));
        cb();
      },
    });
    app = await buildApp(runtime, { logger: { ...(loggerOptions('info') as object), stream } });
    // onSend, unlike onRequest, also runs for replies that an earlier hook (auth, rate limit) cut short.
    app.addHook('onSend', (_req, _reply, payload, done) => {
      fastifySaw += 1;
      done(null, payload);
    });
    base = await listenOnLoopback(app);
    w = await createWorld(runtime.ctx);
  });
  afterAll(async () => {
    await app.close();
    await runtime.dispose();
  });
  // A site holds at most 5 tokens: each test's are revoked after it.
  const issued: string[] = [];
  afterEach(async () => {
    for (const id of issued.splice(0)) await revokeAccessToken(runtime.ctx, id);
  });
  async function siteToken(siteId: string, scopes = ['sites:read']): Promise<{ token: string; id: string }> {
    const { token, record } = await createSiteToken(runtime.ctx, siteId, { name: 'get site', scopes });
    issued.push(record.id);
    return { token, id: record.id };
  }

  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });
  /** Sends the request and says whether Fastify's onSend saw it (every answer passes there). */
  async function viaFastify(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: string; fastify: boolean }> {
    const before = fastifySaw;
    const res = await get(path, headers);
    const body = await res.text();
    return { res, body, fastify: fastifySaw > before };
  }
  const wireHeaders = (headers: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(headers).filter(([name]) => !['date', 'connection', 'keep-alive', 'x-request-id', 'x-ratelimit-remaining'].includes(name.toLowerCase())),
    );

  it('answers a cached token and site itself, with the bytes and headers the Fastify route sends', async () => {
    const { token } = await siteToken(w.siteA.id);
    const first = await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(token));
    const second = await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(token));
    expect(second.res.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(JSON.parse(second.body)).toMatchObject({ id: w.siteA.id, displayName: 'Site A', workspaceId: w.workspace.id });

    const injected = await app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) });
    expect(second.body).toBe(injected.body);
    const sent: Record<string, string> = {};
    second.res.headers.forEach((value, name) => (sent[name] = value));
    expect(wireHeaders(sent)).toEqual(wireHeaders(injected.headers));
    // One counter: 1st (database), 2nd (memory), 3rd (inject).
    expect([first.res, second.res].map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['119', '118']);
    expect(injected.headers['x-ratelimit-remaining']).toBe('117');
    expect(second.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a plain x-request-id and logs the request like Fastify, with no token in the log', async () => {
    const { token } = await siteToken(w.siteA.id);
    await get(`/v2/sites/${w.siteA.id}`, bearer(token));
    const { res } = await viaFastify(`/v2/sites/${w.siteA.id}`, { ...bearer(token), 'x-request-id': 'lane-trace-1' });
    expect(res.headers.get('x-request-id')).toBe('lane-trace-1');
    const mine = logLines.filter((l) => l.reqId === 'lane-trace-1');
    expect(mine.map((l) => l.msg)).toEqual(['request completed']);
    expect(mine[0]!.req).toMatchObject({ method: 'GET', url: `/v2/sites/${w.siteA.id}`, remoteAddress: '127.0.0.1' });
    expect(mine[0]!.res).toEqual({ statusCode: 200 });
    expect(mine[0]!.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(logLines)).not.toContain(token);
  });

  it('keeps lastUsed current for requests it answers', async () => {
    const { token, id } = await siteToken(w.siteA.id);
    const other = await siteToken(w.siteA.id);
    await get(`/v2/sites/${w.siteA.id}`, bearer(token)); // first use, written at once
    clock += 40_000;
    await get(`/v2/sites/${w.siteA.id}`, bearer(token)); // the route re-reads the token (cache TTL)
    clock += 25_000; // a minute after the written use: the next use is due a write
    await get(`/v2/sites/${w.siteA.id}`, bearer(other.token)); // the route re-reads the site (cache TTL)
    expect((await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(token))).res.status).toBe(200);
    await runtime.dataApi.lastUsed.flush();
    const row = await runtime.ctx.db.selectFrom('token_last_used').select('last_used_at').where('token_id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(new Date(clock).toISOString());
  });

  it('stops answering a revoked site token or OAuth authorization at once', async () => {
    const site = await siteToken(w.siteA.id);
    await get(`/v2/sites/${w.siteA.id}`, bearer(site.token));
    expect((await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(site.token))).res.status).toBe(200);
    await revokeAccessToken(runtime.ctx, site.id);
    const refused = await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(site.token));
    expect(refused.res.status).toBe(401);
    expect(refused.res.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const oauth = await grantOAuthToken(runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    await get(`/v2/sites/${w.siteA.id}`, bearer(oauth.token));
    expect((await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(oauth.token))).res.status).toBe(200);
    await revokeAuthorization(runtime.ctx, oauth.authorizationId);
    expect((await get(`/v2/sites/${w.siteA.id}`, bearer(oauth.token))).status).toBe(401);
  });

  it('shows a site change on the very next request', async () => {
    const { token } = await siteToken(w.siteB.id);
    await get(`/v2/sites/${w.siteB.id}`, bearer(token));
    expect((await viaFastify(`/v2/sites/${w.siteB.id}`, bearer(token))).res.status).toBe(200);
    await updateSite(runtime.ctx, w.siteB.id, { displayName: 'Site B renamed' });
    expect(JSON.parse((await viaFastify(`/v2/sites/${w.siteB.id}`, bearer(token))).body).displayName).toBe('Site B renamed');
    expect(JSON.parse((await viaFastify(`/v2/sites/${w.siteB.id}`, bearer(token))).body).displayName).toBe('Site B renamed');
  });

  it('leaves the boundary, scopes, workspace tokens and malformed requests to the route, with its answers', async () => {
    const oauth = await grantOAuthToken(runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read'],
      siteIds: [w.siteA.id],
    });
    const noScope = await siteToken(w.siteA.id, ['comments:read']);
    const workspace = await createWorkspaceToken(runtime.ctx, w.workspace.id, { name: 'ws', scopes: ['workspace:read'] });
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [`/v2/sites/${w.siteB.id}`, bearer(oauth.token), 404, 'resource_not_found'],
      [`/v2/sites/${w.otherSite.id}`, bearer(oauth.token), 404, 'resource_not_found'],
      [`/v2/sites/${w.siteA.id}`, bearer(noScope.token), 403, 'missing_scopes'],
      [`/v2/sites/${w.siteA.id}`, bearer(workspace.token), 403, 'missing_scopes'],
      [`/v2/sites/${w.siteA.id}?access_token=${oauth.token}`, {}, 400, 'bad_request'],
      [`/v2/sites/${w.siteA.id}?access_token=x`, bearer(oauth.token), 400, 'bad_request'],
      [`/v2/sites/${w.siteA.id}/`, bearer(oauth.token), 404, 'resource_not_found'],
      [`/v2/sites/${w.siteA.id.toUpperCase()}`, bearer(oauth.token), 400, 'validation_error'],
      [`/v2/sites/${w.siteA.id}`, { authorization: `Bearer ${oauth.token}x` }, 401, 'not_authorized'],
      [`/v2/sites/${w.siteA.id}`, { authorization: `Basic ${oauth.token}` }, 401, 'not_authorized'],
    ];
    for (const [path, headers] of cases) await get(path, headers); // warm every cache
    for (const [path, headers, status, code] of cases) {
      const { res, body, fastify } = await viaFastify(path, headers);
      expect([path, res.status, JSON.parse(body).code, fastify]).toEqual([path, status, code, true]);
    }
    expect((await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(oauth.token))).res.status).toBe(200);
  });

  it('hands a request over its rate limit to the route, which refuses it with Retry-After', async () => {
    const { ctx } = runtime;
    const ws = w.otherWorkspace;
    await ctx.db.updateTable('workspaces').set({ api_rate_limit: 3 }).where('id', '=', ws.id).execute();
    const { token } = await siteToken(w.otherSite.id);
    const seen = [];
    for (let i = 0; i < 5; i++) {
      const { res, body, fastify } = await viaFastify(`/v2/sites/${w.otherSite.id}`, bearer(token));
      seen.push([res.status, res.headers.get('x-ratelimit-remaining'), fastify, res.status === 429 ? JSON.parse(body).code : null]);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(seen).toEqual([
      [200, '2', true, null],
      [200, '1', true, null],
      [200, '0', true, null],
      [429, '0', true, 'too_many_requests'],
      [429, '0', true, 'too_many_requests'],
    ]);
  });

  it('refuses an expired site token through the route', async () => {
    const { token } = await siteToken(w.siteA.id);
    await get(`/v2/sites/${w.siteA.id}`, bearer(token));
    expect((await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(token))).res.status).toBe(200);
    clock += INACTIVITY_EXPIRY_MS + 1_000;
    const expired = await viaFastify(`/v2/sites/${w.siteA.id}`, bearer(token));
    expect([expired.res.status, expired.fastify]).toEqual([401, true]);
  });

  /** One raw HTTP/1.1 exchange, so headers can be repeated and paths sent byte for byte. */
  function raw(head: string): Promise<{ status: number; text: string }> {
    const { port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(head + '\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n'));
      let text = '';
      socket
        .setEncoding('latin1')
        .on('data', (d) => (text += d))
        .on('error', reject)
        .on('end', () => resolve({ status: Number(text.slice(9, 12)), text }));
    });
  }

  it('treats repeated Authorization headers and encoded paths as the route does', async () => {
    const { token } = await siteToken(w.siteA.id);
    const other = await siteToken(w.siteB.id);
    await get(`/v2/sites/${w.siteA.id}`, bearer(token));
    await get(`/v2/sites/${w.siteB.id}`, bearer(other.token));
    const before = fastifySaw;
    // node keeps the first Authorization header of several.
    const twice = await raw(`GET /v2/sites/${w.siteA.id} HTTP/1.1\r\nauthorization: Bearer ${token}\r\nauthorization: Bearer ${other.token}`);
    expect([twice.status, fastifySaw - before]).toEqual([200, 1]);
    const reversed = await raw(`GET /v2/sites/${w.siteA.id} HTTP/1.1\r\nauthorization: Bearer ${other.token}\r\nauthorization: Bearer ${token}`);
    expect([reversed.status, fastifySaw - before]).toEqual([404, 2]);
    // The route decodes a percent-encoded id and answers.
    const encoded = await raw(`GET /v2/sites/%${w.siteA.id.charCodeAt(0).toString(16)}${w.siteA.id.slice(1)} HTTP/1.1\r\nauthorization: Bearer ${token}`);
    expect([encoded.status, fastifySaw - before]).toEqual([200, 3]);
    // A raw non-ASCII byte in the request line never reaches a handler: node's parser refuses it with 400.
    const unicode = await raw(`GET /v2/sites/${w.siteA.id.slice(0, 23)}\u00e9 HTTP/1.1\r\nauthorization: Bearer ${token}`);
    expect([unicode.status, fastifySaw - before]).toEqual([400, 3]);
    const escaped = await raw(`GET /v2/sites/${w.siteA.id.slice(0, 23)}%C3%A9 HTTP/1.1\r\nauthorization: Bearer ${token}`);
    expect([escaped.status, JSON.parse(escaped.text.slice(escaped.text.indexOf('\r\n\r\n') + 4)).code, fastifySaw - before]).toEqual([
      400,
      'validation_error',
      4,
    ]);
  });

  it('answers HEAD and a GET with a body through the route', async () => {
    const { token } = await siteToken(w.siteB.id);
    await get(`/v2/sites/${w.siteB.id}`, bearer(token));
    // Fastify's HEAD route (made from the GET) answers: the head of the GET, no body.
    const head = await fetch(`${base}/v2/sites/${w.siteB.id}`, { method: 'HEAD', headers: bearer(token) });
    expect([head.status, head.headers.get('content-type'), Number(head.headers.get('content-length')) > 100, await head.text()]).toEqual([
      200,
      'application/json; charset=utf-8',
      true,
      '',
    ]);
    const before = fastifySaw;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/v2/sites/${w.siteB.id}`,
        { method: 'GET', headers: { ...bearer(token), 'content-type': 'application/json', 'content-length': '2' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect([status, fastifySaw - before]).toEqual([200, 1]);
  });
});

describe('Get Site behind a trusted proxy', () => {
  it('logs the forwarded client address for every request, the cached ones too', async () => {
    const runtime = await createTestRuntime('sqlite', { TRUST_PROXY: 'true' });
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()));
        cb();
      },
    });
    const app = await buildApp(runtime, { logger: { ...(loggerOptions('info') as object), stream } });
    try {
      const url = await listenOnLoopback(app);
      const w = await createWorld(runtime.ctx);
      const { token } = await createSiteToken(runtime.ctx, w.siteA.id, { name: 'proxied', scopes: ['sites:read'] });
      for (const id of ['proxied-1', 'proxied-2']) {
        const res = await fetch(`${url}/v2/sites/${w.siteA.id}`, { headers: { ...bearer(token), 'x-forwarded-for': '203.0.113.9', 'x-request-id': id } });
        expect(res.status).toBe(200);
      }
      const completed = lines.filter((l) => l.reqId === 'proxied-2' && l.msg === 'request completed');
      expect(completed.map((l) => (l.req as { remoteAddress: string }).remoteAddress)).toEqual(['203.0.113.9']);
    } finally {
      await app.close();
      await runtime.dispose();
    }
  });
});
