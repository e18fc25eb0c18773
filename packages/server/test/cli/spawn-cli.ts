import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInTerminal } from '../support/terminal.js';

/** The built CLI: `npm test` builds before running tests. */
export const CLI = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);

/** Variables a developer's shell may hold that must not leak into a spawned Gatehouse. */
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'REDIS_URL',
  'LOG_LEVEL',
  'GATEHOUSE_SECRET_KEY',
  'SIGNUP_ENABLED',
  'REFRESH_TOKENS',
  'ACCESS_TOKEN_TTL_SECONDS',
  'TRUST_PROXY',
  'PASSWORD_HASH_COST',
  'GATEHOUSE_URL',
  'GATEHOUSE_ADMIN_KEY',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_QUERY_TIMEOUT_MS',
  'REDIS_COMMAND_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'SHUTDOWN_DRAIN_MS',
  'GATEHOUSE_CONFIG',
];

const created: string[] = [];
process.once('exit', () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary directory, removed when the test worker exits. */
export function tempDir(prefix = 'gatehouse-cli-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A clean environment: the parent's minus Gatehouse settings, plus fast password hashing and `env`. */
export function cleanEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete base[name];
  return { ...base, PASSWORD_HASH_COST: '14', LOG_LEVEL: 'silent', ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gatehouse <args>` to completion (cwd: a temp dir, so no stray .env is read). */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string; stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? tempDir(), env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs a command with `--json`, expects success, and parses its one JSON object. */
export async function runJson<T = Record<string, any>>(args: string[], env: Record<string, string>): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  if (result.code !== 0) throw new Error(`gatehouse ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line of JSON, got: ${result.stdout}`);
  return JSON.parse(lines[0]!) as T;
}

/** Starts a long-running `gatehouse start` and collects its output. */
export function startCli(
  args: string[],
  env: Record<string, string>,
  cwd = tempDir(),
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'start', ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Resolves once `output()` matches `pattern` (the test timeout bounds the wait), or rejects if the process exits first. */
export function waitForOutput(proc: { output: () => string; exited: Promise<number | null>; child: ChildProcess }, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = proc.output().match(pattern);
      if (match) {
        proc.child.stdout!.off('data', check);
        proc.child.stderr!.off('data', check);
        resolve(match);
      }
    };
    proc.child.stdout!.on('data', check);
    proc.child.stderr!.on('data', check);
    void proc.exited.then((code) => reject(new Error(`gatehouse exited ${code} before printing ${pattern}:\n${proc.output()}`)));
    check();
  });
}

export { freePort } from '../support/loopback.js';

/** `gatehouse start <args>` in a pseudo-terminal, as a person runs it: stdout is a TTY. `stop()` presses Ctrl-C. */
export function startCliInTerminal(args: string[], env: Record<string, string>, cwd = tempDir()) {
  const clean = Object.fromEntries(Object.entries(cleanEnv(env)).filter((e): e is [string, string] => e[1] !== undefined));
  return startInTerminal([process.execPath, CLI, 'start', ...args].map((a) => `'${a}'`).join(' '), { cwd, env: clean });
}
