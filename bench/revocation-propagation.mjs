// `npm run bench:revocation`: how long a revocation takes to reach another node (docs/deployment.md,
// "Revocation across nodes"). It starts real `gatehouse start` processes and, for each trial, warms a token
// into node B's cache, revokes it on node A (POST /oauth/revoke, RFC 7009) and then asks node B in a tight
// loop until it answers 401. The delay runs from A's answer to B's first 401. Scenarios:
//   - two nodes on PostgreSQL with Redis up;
//   - the same with Redis killed;
//   - right after Redis restarts (killed and started again just before each trial);
//   - one node on SQLite, the token revoked by `gatehouse tokens revoke` in a separate CLI process.
// The Redis it stops and starts is its own redis-server on a free port, never a shared one.
// Needs PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
// and redis-server on the PATH. Trials per scenario: BENCH_TRIALS (default 100; 20 for restarts and the CLI).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(root, 'packages/server/dist/cli/bin.js');
const dist = (p) => import(path.join(root, 'packages/server/dist', p));
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const SHORT_TRIALS = Math.min(TRIALS, Number(process.env.BENCH_SHORT_TRIALS ?? 20));
const GIVE_UP_MS = 5_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const dirs = [];
const children = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-rev-'));
  dirs.push(dir);
  return dir;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** A private redis-server that the bench kills and restarts on the same port. */
async function ownRedis() {
  const port = await freePort();
  let child;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(child);
    for (let i = 0; i < 200 && !(await accepts(port)); i++) await sleep(10);
  };
  const kill = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, kill };
}

// Every node of one database seals with the same key (docs/deployment.md, "PostgreSQL and Redis, several nodes").
const SECRET_KEY = randomBytes(32).toString('hex');

function cleanEnv(env) {
  const base = { ...process.env };
  for (const name of Object.keys(base))
    if (/^(PORT|HOST|PUBLIC_URL|DATA_DIR|DATABASE_URL|REDIS_URL|LOG_LEVEL|GATEHOUSE_SECRET_KEY)$/.test(name)) delete base[name];
  return { ...base, PASSWORD_HASH_COST: '14', LOG_LEVEL: 'warn', GATEHOUSE_SECRET_KEY: SECRET_KEY, ...env };
}

/** `gatehouse start`, resolved once it prints that it is running. */
async function startNode(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: tempDir(),
    env: cleanEnv({ PORT: String(port), DATA_DIR: tempDir(), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise((resolve, reject) => {
    const check = (d) => {
      out += d;
      if (out.includes('Gatehouse is running at')) resolve();
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--json'], { cwd: tempDir(), env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`gatehouse ${args.join(' ')}: ${stderr}`))));
  });
}

const status = async (url, token) => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
};

/** Asks `url` with `token` until it answers 401; milliseconds from `since`, or Infinity after GIVE_UP_MS. */
async function firstRefusal(url, token, since) {
  for (;;) {
    if ((await status(url, token)) === 401) return performance.now() - since;
    if (performance.now() - since > GIVE_UP_MS) return Infinity;
  }
}

function summary(name, delays) {
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : `> ${GIVE_UP_MS} ms`);
  const row = { name, trials: sorted.length, p50: fmt(at(0.5)), p99: fmt(at(0.99)), max: fmt(sorted.at(-1)) };
  console.log(`  ${name}: ${row.trials} trials, p50 ${row.p50}, p99 ${row.p99}, max ${row.max}`);
  return row;
}

/** Two nodes on one PostgreSQL schema sharing `redis`; trials revoke OAuth tokens on A and watch B. */
async function postgresScenarios() {
  const schema = `bench_rev_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const withSchema = new URL(DATABASE_URL);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  const redis = await ownRedis();
  const rows = [];
  let runtime;
  try {
    const { parseConfig } = await dist('config/config.js');
    const { createRuntime } = await dist('runtime.js');
    const { newId } = await dist('crypto/ids.js');
    const { TOKEN_PREFIX, digest, newSecret } = await dist('crypto/tokens.js');
    runtime = await createRuntime(
      parseConfig({ DATA_DIR: tempDir(), DATABASE_URL, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', GATEHOUSE_SECRET_KEY: SECRET_KEY }),
      {
        schema,
        dataApi: { tailInvalidations: false },
      },
    );
    const { ctx } = runtime;
    const { createUser } = await dist('platform/accounts/users.js');
    const { createWorkspace } = await dist('platform/workspaces/workspaces.js');
    const { createSite } = await dist('platform/sites/sites.js');
    const { createApp } = await dist('platform/apps/apps.js');
    const user = await createUser(ctx, {
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: 'correct horse battery',
      firstName: 'Bench',
      lastName: 'Mark',
    });
    const workspace = await createWorkspace(ctx, { name: 'Bench', ownerUserId: user.id });
    await ctx.db.updateTable('workspaces').set({ api_rate_limit: 1_000_000 }).where('id', '=', workspace.id).execute();
    const site = await createSite(ctx, { workspaceId: workspace.id, displayName: 'Bench Site' });
    const { app, clientSecret } = await createApp(ctx, workspace.id, {
      name: 'Bench App',
      description: 'Revocation bench',
      homepage: 'https://bench.example.com',
      redirectUris: ['https://bench.example.com/cb'],
      scopes: ['sites:read'],
    });
    const issue = async () => {
      const now = new Date().toISOString();
      const authorizationId = newId();
      const token = newSecret(TOKEN_PREFIX.oauthAccessToken);
      await ctx.db
        .insertInto('authorizations')
        .values({
          id: authorizationId,
          app_id: app.id,
          user_id: user.id,
          workspace_id: workspace.id,
          target: 'workspace',
          scopes: 'sites:read',
          created_at: now,
          revoked_at: null,
        })
        .execute();
      await ctx.db
        .insertInto('access_tokens')
        .values({
          id: newId(),
          digest: digest(token),
          kind: 'oauth',
          authorization_id: authorizationId,
          app_id: app.id,
          site_id: null,
          workspace_id: workspace.id,
          name: null,
          scopes: 'sites:read',
          created_by: user.id,
          code_digest: null,
          created_at: now,
          expires_at: null,
          revoked_at: null,
        })
        .execute();
      return token;
    };

    const env = { DATABASE_URL: withSchema.toString(), REDIS_URL: redis.url };
    const a = await startNode(env);
    const b = await startNode(env);
    const read = (node) => `${node.url}/v2/sites/${site.id}`;
    const trial = async () => {
      const token = await issue();
      for (const node of [a, b]) if ((await status(read(node), token)) !== 200) throw new Error('bench setup: a fresh token was refused');
      const res = await fetch(`${a.url}/oauth/revoke`, {
        method: 'POST',
        body: new URLSearchParams({ token, client_id: app.clientId, client_secret: clientSecret }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`revoke answered ${res.status}`);
      return firstRefusal(read(b), token, performance.now());
    };
    const run = async (name, count, before) => {
      const delays = [];
      for (let i = 0; i < count; i++) {
        if (before) await before();
        delays.push(await trial());
      }
      rows.push(summary(name, delays));
    };

    console.log('== revocation propagation, two nodes on PostgreSQL');
    await run('PostgreSQL + Redis up', TRIALS);
    await redis.kill();
    await sleep(500);
    await run('PostgreSQL, Redis down', TRIALS);
    await run('PostgreSQL, right after Redis restarts', SHORT_TRIALS, async () => {
      await redis.kill();
      await redis.start();
    });
    for (const node of [a, b]) node.child.kill('SIGKILL');
  } finally {
    await runtime?.close();
    await redis.kill();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
  return rows;
}

/** One SQLite node; tokens are created and revoked by separate CLI processes on the same data directory. */
async function sqliteCliScenario() {
  const dataDir = tempDir();
  const env = { DATA_DIR: dataDir };
  await runCli(['users', 'create', '--email', 'bench@example.com', '--first-name', 'Bench', '--last-name', 'Mark', '--password', 'correct horse battery'], env);
  const workspace = await runCli(['workspaces', 'create', '--name', 'Bench', '--owner', 'bench@example.com', '--plan', 'enterprise'], env);
  const workspaceId = workspace.workspace.id;
  const site = await runCli(['sites', 'create', '--workspace', workspaceId, '--name', 'Bench Site'], env);
  const siteId = site.site.id;
  const node = await startNode({ DATA_DIR: dataDir });
  const delays = [];
  console.log('== revocation propagation, a CLI process against a running SQLite node');
  try {
    for (let i = 0; i < SHORT_TRIALS; i++) {
      const created = await runCli(['tokens', 'create-site', '--site', siteId, '--name', `bench ${i}`, '--scope', 'sites:read'], env);
      const token = created.access_token;
      const id = created.token.id;
      if ((await status(`${node.url}/v2/sites/${siteId}`, token)) !== 200) throw new Error('bench setup: a fresh site token was refused');
      await runCli(['tokens', 'revoke', id], env);
      delays.push(await firstRefusal(`${node.url}/v2/sites/${siteId}`, token, performance.now()));
    }
  } finally {
    node.child.kill('SIGKILL');
  }
  return [summary('SQLite, revoked by the CLI', delays)];
}

try {
  const rows = [...(await postgresScenarios()), ...(await sqliteCliScenario())];
  console.log('\n| Scenario | Trials | p50 | p99 | max |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.name} | ${r.trials} | ${r.p50} | ${r.p99} | ${r.max} |`);
} finally {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
