// SPEC §5: an authenticated Data API read (GET /v2/sites/{id}, rotating over 1,000 valid tokens) against a
// bare node:http hello-world, both measured here on this machine. The workspace is on the Enterprise plan
// with a custom limit of 10,000,000 requests/minute per token, so the rate limiter counts every request
// but never refuses one; logging is at 'warn' (nothing is logged per request, as in production at warn).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;

function run(url, requests) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function helloWorld() {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello world'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const result = await run(`http://127.0.0.1:${server.address().port}/`);
  server.close();
  return result;
}

async function gatehouse() {
  const { parseConfig } = await import('../packages/server/dist/config/config.js');
  const { createRuntime } = await import('../packages/server/dist/runtime.js');
  const { buildApp } = await import('../packages/server/dist/http/app.js');
  const { createUser } = await import('../packages/server/dist/platform/users.js');
  const { createWorkspace } = await import('../packages/server/dist/platform/workspaces.js');
  const { createSite } = await import('../packages/server/dist/platform/sites.js');
  const { newId } = await import('../packages/server/dist/crypto/ids.js');
  const { digest, newSecret, TOKEN_PREFIX } = await import('../packages/server/dist/crypto/tokens.js');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  const runtime = await createRuntime(parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  const { ctx } = runtime;
  const user = await createUser(ctx, { email: 'bench@example.com', password: 'bench password 123', firstName: 'B', lastName: 'Ench' });
  const ws = await createWorkspace(ctx, { name: 'Bench', ownerUserId: user.id, plan: 'enterprise' });
  await ctx.db.updateTable('workspaces').set({ api_rate_limit: 10_000_000 }).where('id', '=', ws.id).execute();
  const site = await createSite(ctx, { workspaceId: ws.id, displayName: 'Bench site' });
  // 1,000 site tokens (inserted directly: the product caps site tokens at 5 per site).
  const tokens = [];
  const now = new Date().toISOString();
  for (let i = 0; i < 1000; i++) {
    const token = newSecret(TOKEN_PREFIX.siteToken);
    tokens.push(token);
    await ctx.db.insertInto('access_tokens').values({ id: newId(), digest: digest(token), kind: 'site', authorization_id: null, app_id: null, site_id: site.id, workspace_id: ws.id, name: `bench ${i}`, scopes: 'sites:read', created_by: user.id, code_digest: null, created_at: now, last_used_at: null, expires_at: null, revoked_at: null }).execute();
  }
  const app = await buildApp(runtime);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  let next = 0;
  const requests = [{ method: 'GET', path: `/v2/sites/${site.id}`, setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) }];
  const check = await fetch(`${url}/v2/sites/${site.id}`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  if (check.status !== 200) throw new Error(`bench setup: expected 200, got ${check.status}`);
  // Warm-up: one request per token, so the measurement is the steady state of a node whose clients'
  // tokens are in its lookup cache (a cold lookup costs one indexed SELECT more).
  for (let i = 0; i < tokens.length; i += 50) {
    await Promise.all(tokens.slice(i, i + 50).map((t) => fetch(`${url}/v2/sites/${site.id}`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.arrayBuffer())));
  }
  const result = await run(url, requests);
  await app.close();
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

export default async function dataApiBench() {
  const base = await helloWorld();
  const gh = await gatehouse();
  const non2xx = gh.non2xx ?? 0;
  if (non2xx > 0) console.log(`  warning: ${non2xx} non-2xx responses from Gatehouse`);
  const ratio = gh.requests.average / base.requests.average;
  console.log(`  node:http hello-world ${base.requests.average.toFixed(0)} req/s (p99 ${base.latency.p99} ms); Gatehouse GET /v2/sites/{id} ${gh.requests.average.toFixed(0)} req/s (p99 ${gh.latency.p99} ms), 1,000 tokens, ${CONNECTIONS} connections, ${DURATION} s each`);
  return [{ name: 'Data API GET /v2/sites/{id} vs node:http', gatehouse: gh.requests.average, baseline: base.requests.average, unit: 'req/s', ratio, bar: 0.6 }];
}
