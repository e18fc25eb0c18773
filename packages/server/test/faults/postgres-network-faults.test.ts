import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseConfig } from '../../src/config/config.js';
import { digest } from '../../src/crypto/tokens.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startCli, tempDir, waitForOutput } from '../cli/spawn-cli.js';
import { seedCodes } from '../support/authorization-codes.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { createWorld, type World } from '../support/fixtures.js';
import { freePort } from '../support/loopback.js';
import { dropSchema } from '../support/runtime.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL;
/** Both nodes of the database seal with one key (docs/deployment.md, "PostgreSQL and Redis, several nodes"). */
const GATEHOUSE_SECRET_KEY = randomBytes(32).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real `gatehouse start` whose every PostgreSQL connection runs through a proxy this test breaks:
 * connections reset mid-transaction under write load, and a database that goes silent.
 */
describe.skipIf(!DATABASE_URL)('a node on PostgreSQL behind a faulty network', { timeout: 180_000 }, () => {
  const schema = `t_faults_${randomBytes(5).toString('hex')}`;
  let proxy: FaultProxy;
  let direct: Runtime;
  let world: World;
  let codes: string[];
  let server: ReturnType<typeof startCli>;
  let base: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    await admin.end();
    const target = new URL(DATABASE_URL!);
    proxy = await FaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    direct = await createRuntime(parseConfig({ DATA_DIR: tempDir(), DATABASE_URL: DATABASE_URL!, LOG_LEVEL: 'silent', GATEHOUSE_SECRET_KEY }), {
      schema,
      dataApi: { tailInvalidations: false },
    });
    world = await createWorld(direct.ctx);
    codes = await seedCodes(direct.ctx, { appId: world.app.id, userId: world.admin.id, workspaceId: world.workspace.id }, 1500);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startCli([], {
      DATA_DIR: tempDir(),
      GATEHOUSE_SECRET_KEY,
      PORT: String(port),
      DATABASE_URL: proxy.postgresUrl(DATABASE_URL!, schema),
      LOG_LEVEL: 'warn',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      DATABASE_QUERY_TIMEOUT_MS: '1500',
    });
    await waitForOutput(server, /Gatehouse is running at/);
  }, 60_000);

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await direct?.close();
    await proxy?.close();
    if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
  }, 60_000);

  let used = 0;
  const exchange = async (code = codes[used++]!) => {
    const res = await fetch(`${base}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: world.app.clientId, client_secret: world.clientSecret }),
    });
    return { code, status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, string> };
  };

  const readyWithin = async (attempts: number) => {
    for (let i = 0; i < attempts; i++) {
      if ((await fetch(`${base}/readyz`)).status === 200) return true;
      await sleep(200);
    }
    return false;
  };

  it('keeps serving while connections are reset mid-transaction, many times, and leaves every exchange whole', async () => {
    const results: Array<Awaited<ReturnType<typeof exchange>>> = [];
    let stop = false;
    const worker = async () => {
      while (!stop && used < codes.length - 100) results.push(await exchange());
    };
    const load = Promise.all(Array.from({ length: 6 }, worker));
    for (let cycle = 0; cycle < 25; cycle++) {
      await sleep(120);
      proxy.resetAll();
    }
    stop = true;
    await load;

    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(proxy.resets).toBeGreaterThan(25);
    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    for (const r of results.filter((x) => x.status === 503)) {
      expect(r.body.error).toBe('temporarily_unavailable');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }

    expect(await readyWithin(50)).toBe(true);
    expect((await exchange()).status).toBe(200);

    // Every code is either unused with no token, or used with exactly one token: never half a write.
    const attempted = results.map((r) => r.code);
    const rows = await direct.ctx.db.selectFrom('authorization_codes').select(['digest', 'consumed_at']).where('digest', 'in', attempted.map(digest)).execute();
    const tokens = await direct.ctx.db
      .selectFrom('access_tokens')
      .select(['code_digest', 'digest'])
      .where('code_digest', 'in', attempted.map(digest))
      .execute();
    const perCode = new Map<string, number>();
    for (const t of tokens) perCode.set(t.code_digest!, (perCode.get(t.code_digest!) ?? 0) + 1);
    for (const row of rows) expect(perCode.get(row.digest) ?? 0).toBe(row.consumed_at === null ? 0 : 1);
    const issued = new Set(tokens.map((t) => t.digest));
    for (const r of results.filter((x) => x.status === 200)) expect(issued.has(digest(r.body.access_token!))).toBe(true);
  });

  it('answers 503 with Retry-After, and /readyz 503, while the database is silent, then recovers', async () => {
    proxy.blackhole();
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const refused = await exchange();
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe('temporarily_unavailable');
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const api = await fetch(`${base}/v2/sites/${world.siteA.id}`, { headers: { authorization: 'Bearer gth_site_not-a-real-token-but-well-formed' } });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).not.toBeNull();
      expect(await api.json()).toMatchObject({ code: 'service_unavailable', externalReference: null, details: [] });
    } finally {
      proxy.heal();
    }
    expect(await readyWithin(50)).toBe(true);
    expect((await exchange()).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });
});
