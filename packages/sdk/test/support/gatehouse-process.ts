import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../server/dist/cli/bin.js', import.meta.url));

/** What `gatehouse seed --demo --json` prints. */
export interface DemoCredentials {
  email: string;
  password: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** A Gatehouse started from its built CLI on 127.0.0.1, with the demo data, in a temporary data dir. */
export interface RunningGatehouse {
  url: string;
  demo: DemoCredentials;
  /** Runs another CLI command against the same data (e.g. `['apps', 'create', …, '--json']`). */
  cli(args: string[]): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Gatehouse exited (${child.exitCode}):\n${log()}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Gatehouse did not come up at ${url}:\n${log()}`);
}

/**
 * Seeds the demo data and starts `gatehouse start` as a child process, as a user would. The server
 * must be built (`npm run build`; the root `npm test` does it first).
 */
export async function startGatehouse(extraEnv: Record<string, string> = {}): Promise<RunningGatehouse> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sdk-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '14',
    DATABASE_URL: '',
    REDIS_URL: '',
    ...extraEnv,
  };
  const cli = async (args: string[]) => JSON.parse((await run(process.execPath, [BIN, ...args], { env })).stdout) as Record<string, unknown>;
  const demo = (await cli(['seed', '--demo', '--json'])) as unknown as DemoCredentials;
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilUp(url, child, () => output);
  return {
    url,
    demo,
    cli,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
