// docs/oauth.md, "Limits": one address floods GET /oauth/authorize (as an anonymous client can) while
// /healthz latency is sampled from the same machine. The baseline is /healthz on the same idle server
// just before. Two floods: one with a 12 KiB state (over the cap, so refused without parking a row) and
// one with a 1,000-byte state (within the cap, so parked until the per-address limit refuses the rest).
// `npm run bench -- authorize-flood` runs only this file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const FLOOD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const CLI = fileURLToPath(new URL('../packages/server/dist/cli/bin.js', import.meta.url));

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

function startGatehouse(env, cwd) {
  const child = spawn(process.execPath, [CLI, 'start'], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`gatehouse exited ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Gatehouse is running')) {
        child.removeAllListeners('exit');
        resolve({
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

/** Sequential /healthz requests on one keep-alive connection until `until()` is true; latencies in ms. */
async function sampleHealthz(url, until) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  while (!until()) {
    const t0 = performance.now();
    await new Promise((resolve, reject) => get(`${url}/healthz`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  agent.destroy();
  return latencies.sort((a, b) => a - b);
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

function flood(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: FLOOD_SECONDS }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export default async function authorizeFloodBench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-flood-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_URL: base };
  const seeded = spawnSync(process.execPath, [CLI, 'seed', '--demo', '--json'], { cwd: dataDir, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const demo = JSON.parse(seeded.stdout);
  const server = await startGatehouse(env, dataDir);
  const dbFile = path.join(dataDir, 'gatehouse.sqlite');
  const size = () =>
    ['', '-wal']
      .map((s) => dbFile + s)
      .filter(existsSync)
      .reduce((n, f) => n + statSync(f).size, 0);
  const parked = () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select count(*) as n from oauth_interactions').get().n;
    } finally {
      db.close();
    }
  };
  const authorizeUrl = (stateBytes) =>
    `${base}/oauth/authorize?${new URLSearchParams({ client_id: demo.clientId, response_type: 'code', redirect_uri: demo.redirectUri, scope: 'sites:read', state: 's'.repeat(stateBytes) })}`;
  const rows = [];
  try {
    const startedAt = performance.now();
    const idle = await sampleHealthz(base, () => performance.now() - startedAt > 3_000);
    console.log(`  idle: /healthz p50 ${pct(idle, 50).toFixed(2)} ms, p99 ${pct(idle, 99).toFixed(2)} ms (${idle.length} samples)`);
    for (const stateBytes of [12 * 1024, 1000]) {
      const sizeBefore = size();
      let done = false;
      const sampling = sampleHealthz(base, () => done);
      const result = await flood(authorizeUrl(stateBytes));
      done = true;
      const busy = await sampling;
      const codes = Object.entries(result.statusCodeStats ?? {})
        .map(([code, { count }]) => `${code}: ${count}`)
        .join(', ');
      console.log(
        `  flood with a ${stateBytes}-byte state: ${result.requests.total} requests in ${FLOOD_SECONDS} s (${codes});` +
          ` /healthz p50 ${pct(busy, 50).toFixed(2)} ms, p99 ${pct(busy, 99).toFixed(2)} ms (${busy.length} samples);` +
          ` parked rows now ${parked()}, database grew ${((size() - sizeBefore) / 1024).toFixed(0)} KiB`,
      );
      rows.push({
        name: `healthz p50 under authorize flood (state ${stateBytes} B)`,
        gatehouse: pct(busy, 50),
        baseline: pct(idle, 50),
        unit: 'ms',
        ratio: pct(idle, 50) / pct(busy, 50),
        bar: 0.2,
      });
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
