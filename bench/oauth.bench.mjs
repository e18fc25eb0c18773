// docs/design.md, "Quality bars": code exchange (RFC 6749 §4.1.3) and token introspection (RFC 7662) throughput of Gatehouse
// (SQLite data dir) against oidc-provider (its in-memory adapter), both on this machine in this run, both
// with a confidential client authenticating by client_secret_post in a form body. Each side gets a supply
// of fresh codes made through its own internal API, and every code is exchanged exactly once.
// oidc-provider's in-memory adapter is an LRU of 1,000 entries, so codes are made and exchanged in rounds
// of ROUND (both sides alike), and 500 fresh access tokens are introspected in rotation; only the HTTP part is timed.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Provider from 'oidc-provider';

const CODES = Number(process.env.BENCH_CODES ?? 8000);
const INTROSPECTIONS = Number(process.env.BENCH_INTROSPECTIONS ?? 20000);
const CONNECTIONS = 20;
const ROUND = 400;
const REDIRECT = 'https://app.example.com/callback';
const form = (fields) => new URLSearchParams(fields).toString();

// The load client runs on its own thread (as a load generator normally runs in its own process), so the
// server under test has its event loop to itself; both sides are measured the same way. It writes
// ready-made HTTP/1.1 requests on raw keep-alive sockets and reads each response by its Content-Length:
// the node:http client it replaced topped out near 4,000 req/s on this machine, below what a bare
// node:http or Fastify server answers (7,000-15,000 req/s), so it measured itself and pressed every
// ratio towards 1.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { url, bodies, connections } = workerData;
const target = new URL(url);
const head = 'POST ' + target.pathname + ' HTTP/1.1\\r\\nHost: ' + target.host + '\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\nContent-Length: ';
let next = 0, non2xx = 0;
const latencies = [];
const connection = () => new Promise((resolve, reject) => {
  const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
  let buffered = Buffer.alloc(0), t0 = 0;
  const send = () => {
    if (next >= bodies.length) { socket.end(); return resolve(); }
    const body = bodies[next++];
    t0 = performance.now();
    socket.write(head + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
  };
  socket.on('connect', send);
  socket.on('error', reject);
  socket.on('close', () => reject(new Error('the server closed a connection mid-batch')));
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      const end = buffered.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const headers = buffered.toString('latin1', 0, end);
      const length = /\\r\\ncontent-length: *(\\d+)/i.exec(headers);
      if (!length) return reject(new Error('a response without Content-Length: ' + headers.split('\\r\\n')[0]));
      if (buffered.length < end + 4 + Number(length[1])) return;
      const status = Number(headers.slice(9, 12));
      if (status < 200 || status > 299) non2xx++;
      buffered = buffered.subarray(end + 4 + Number(length[1]));
      latencies.push(performance.now() - t0);
      send();
    }
  });
});
const started = performance.now();
Promise.all(Array.from({ length: connections }, connection)).then(() => {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  parentPort.postMessage({ requests: bodies.length, seconds, non2xx, p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0) });
});
`;

/**
 * Sends exactly `bodies.length` POSTs over CONNECTIONS keep-alive connections, one body each, and times
 * the batch. (autocannon's fixed start-up and tick costs dominate batches this small, which
 * oidc-provider's 1,000-entry LRU forces; a plain client keeps the timing about the servers.)
 */
function blast(url, bodies) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, bodies, connections: CONNECTIONS } });
    worker.once('message', (result) => { resolve(result); worker.terminate(); });
    worker.once('error', reject);
  });
}

async function gatehouse() {
  const dist = '../packages/server/dist';
  const { parseConfig } = await import(`${dist}/config/config.js`);
  const { createRuntime } = await import(`${dist}/runtime.js`);
  const { buildApp } = await import(`${dist}/http/app.js`);
  const { createUser } = await import(`${dist}/platform/users.js`);
  const { createWorkspace } = await import(`${dist}/platform/workspaces.js`);
  const { createSite } = await import(`${dist}/platform/sites.js`);
  const { createApp } = await import(`${dist}/platform/apps.js`);
  const { approveAuthorization } = await import(`${dist}/platform/authorizations.js`);
  const { insertOAuthTokens } = await import(`${dist}/platform/oauth-tokens.js`);
  const { digest, newSecret, TOKEN_PREFIX } = await import(`${dist}/crypto/tokens.js`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-oauth-bench-'));
  const runtime = await createRuntime(parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  const { ctx } = runtime;
  const user = await createUser(ctx, { email: 'bench@example.com', password: 'bench password 123', firstName: 'B', lastName: 'Ench' });
  const ws = await createWorkspace(ctx, { name: 'Bench', ownerUserId: user.id });
  await createSite(ctx, { workspaceId: ws.id, displayName: 'Bench site' });
  const { app, clientSecret } = await createApp(ctx, ws.id, { name: 'Bench', description: '', homepage: 'https://app.example.com', redirectUris: [REDIRECT], scopes: ['sites:read'] });
  const request = { clientId: app.clientId, redirectUri: REDIRECT, redirectUriSent: REDIRECT, scopes: ['sites:read'], state: null, codeChallenge: null, codeChallengeMethod: null };
  const { authorizationId } = await approveAuthorization(ctx, app, { id: user.id, email: user.email }, request, { workspaceId: ws.id, target: 'workspace', siteIds: [] });
  // The supply of codes: rows exactly as consent writes them (digest only, 15 minutes), in one transaction.
  const makeCodes = async (n) => {
    const codes = Array.from({ length: n }, () => newSecret(TOKEN_PREFIX.authorizationCode));
    const now = new Date();
    await ctx.db.transaction().execute(async (trx) => {
      for (const code of codes) {
        await trx.insertInto('authorization_codes').values({ digest: digest(code), authorization_id: authorizationId, app_id: app.id, redirect_uri: REDIRECT, code_challenge: null, code_challenge_method: null, scopes: 'sites:read', created_at: now.toISOString(), expires_at: new Date(now.getTime() + 3_600_000).toISOString(), consumed_at: null }).execute();
      }
    });
    return codes;
  };
  const tokens = await ctx.db.transaction().execute(async (trx) => {
    const out = [];
    for (let i = 0; i < 500; i++) {
      out.push((await insertOAuthTokens(ctx, trx, { refreshTokens: false, accessTokenTtlSeconds: 3600 }, { authorizationId, appId: app.id, workspaceId: ws.id, userId: user.id, scopes: 'sites:read', codeDigest: null })).accessToken);
    }
    return out;
  });
  const server = await buildApp(runtime);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${server.server.address().port}`;
  const auth = { client_id: app.clientId, client_secret: clientSecret };
  return {
    name: 'Gatehouse',
    exchangeUrl: `${base}/oauth/access_token`,
    introspectUrl: `${base}/oauth/introspect`,
    exchangeBodies: async (n) => (await makeCodes(n)).map((code) => form({ ...auth, grant_type: 'authorization_code', code, redirect_uri: REDIRECT })),
    introspectBodies: async (n) => Array.from({ length: n }, (_, i) => form({ ...auth, token: tokens[i % tokens.length] })),
    close: async () => {
      await server.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function oidcProvider() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const secret = 'bench-secret-'.repeat(4);
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'bench', client_secret: secret, redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    features: { introspection: { enabled: true, allowedPolicy: async () => true }, revocation: { enabled: true } },
    pkce: { required: () => false },
    scopes: ['sites:read'],
    ttl: { AccessToken: 3600, AuthorizationCode: 900, Grant: 86400, Session: 86400, Interaction: 3600 },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  server.on('request', provider.callback());
  const client = await provider.Client.find('bench');
  const grant = new provider.Grant({ accountId: 'user-1', clientId: 'bench' });
  grant.addOIDCScope('sites:read');
  const grantId = await grant.save();
  const makeCodes = async (n) => {
    const codes = [];
    for (let i = 0; i < n; i++) codes.push(await new provider.AuthorizationCode({ accountId: 'user-1', grantId, client, redirectUri: REDIRECT, scope: 'sites:read' }).save());
    return codes;
  };
  const auth = { client_id: 'bench', client_secret: secret };
  // Made after the exchange rounds, which would otherwise push them out of the LRU.
  const tokens = [];
  return {
    name: 'oidc-provider',
    exchangeUrl: `${issuer}/token`,
    introspectUrl: `${issuer}/token/introspection`,
    exchangeBodies: async (n) => (await makeCodes(n)).map((code) => form({ ...auth, grant_type: 'authorization_code', code, redirect_uri: REDIRECT })),
    introspectBodies: async (n) => {
      while (tokens.length < 500) tokens.push(await new provider.AccessToken({ accountId: 'user-1', grantId, client, scope: 'sites:read' }).save());
      return Array.from({ length: n }, (_, i) => form({ ...auth, token: tokens[i % tokens.length] }));
    },
    close: async () => server.close(),
  };
}

/**
 * Both servers run side by side and are measured in alternating batches (the first side alternates
 * too), so a change in machine load during the run affects both alike.
 */
async function measure(sides, url, makeBodies, total, batch) {
  const sums = new Map(sides.map((side) => [side, { requests: 0, seconds: 0, non2xx: 0, p99: 0 }]));
  for (let done = 0, turn = 0; done < total; done += batch, turn++) {
    const n = Math.min(batch, total - done);
    for (const side of turn % 2 ? [...sides].reverse() : sides) {
      const r = await blast(url(side), await makeBodies(side, n));
      const sum = sums.get(side);
      sum.requests += r.requests;
      sum.seconds += r.seconds;
      sum.non2xx += r.non2xx;
      sum.p99 = Math.max(sum.p99, r.p99);
    }
  }
  return new Map([...sums].map(([side, sum]) => [side, { ...sum, rps: sum.requests / sum.seconds }]));
}

export default async function oauthBench() {
  const sides = [await gatehouse(), await oidcProvider()];
  // Warm-up, not timed: lets both JITs settle before anything is measured.
  for (const side of sides) {
    await blast(side.exchangeUrl, await side.exchangeBodies(ROUND));
    await blast(side.introspectUrl, await side.introspectBodies(2000));
  }
  const exchange = await measure(sides, (s) => s.exchangeUrl, (s, n) => s.exchangeBodies(n), CODES, ROUND);
  const introspect = await measure(sides, (s) => s.introspectUrl, (s, n) => s.introspectBodies(n), INTROSPECTIONS, INTROSPECTIONS / 5);
  for (const side of sides) await side.close();
  const [gatehouseSide, baselineSide] = sides;
  const gh = { exchange: exchange.get(gatehouseSide), introspect: introspect.get(gatehouseSide) };
  const op = { exchange: exchange.get(baselineSide), introspect: introspect.get(baselineSide) };
  for (const [name, side] of [['Gatehouse', gh], ['oidc-provider', op]]) {
    for (const [what, r] of Object.entries(side)) {
      console.log(`  ${name} ${what}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms${r.non2xx ? `, WARNING ${r.non2xx} non-2xx` : ''}`);
    }
  }
  console.log(`  ${CODES} codes exchanged once each and ${INTROSPECTIONS} introspections per side, ${CONNECTIONS} connections`);
  return [
    { name: 'OAuth code exchange vs oidc-provider', gatehouse: gh.exchange.rps, baseline: op.exchange.rps, unit: 'req/s', ratio: gh.exchange.rps / op.exchange.rps, bar: 2 },
    { name: 'RFC 7662 introspection vs oidc-provider', gatehouse: gh.introspect.rps, baseline: op.introspect.rps, unit: 'req/s', ratio: gh.introspect.rps / op.introspect.rps, bar: 2 },
  ];
}
