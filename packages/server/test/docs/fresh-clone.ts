import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/loopback.js';
import { startInTerminal } from '../support/terminal.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** What a reader's shell has, and nothing of the test runner's (no npm_config_*, no DATA_DIR, no LOG_LEVEL). */
export function readerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? tmpdir(),
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
    ...extra,
  };
}

const git = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();

/**
 * A commit of the working tree as it would be committed (tracked changes and new files that are not
 * ignored), made with a temporary index and object directory so the developer's repository is not
 * touched; then a clone of it. The docs test thus runs the docs being edited, not only the last commit.
 */
function cloneWorkingTree(workDir: string): string {
  const objects = path.join(workDir, 'objects');
  mkdirSync(objects);
  const common = realpathSync(path.resolve(REPO, git(['rev-parse', '--git-common-dir'], REPO)));
  const snapshotEnv = {
    GIT_INDEX_FILE: path.join(workDir, 'index'),
    GIT_OBJECT_DIRECTORY: objects,
    GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(common, 'objects'),
    GIT_AUTHOR_NAME: 'docs test',
    GIT_AUTHOR_EMAIL: 'docs@test.invalid',
    GIT_COMMITTER_NAME: 'docs test',
    GIT_COMMITTER_EMAIL: 'docs@test.invalid',
  };
  git(['add', '-A'], REPO, snapshotEnv);
  const tree = git(['write-tree'], REPO, snapshotEnv);
  const commit = git(['commit-tree', tree, '-p', 'HEAD', '-m', 'working tree'], REPO, snapshotEnv);

  const clone = path.join(workDir, 'gatehouse');
  git(['clone', '--quiet', '--no-checkout', REPO, clone], workDir);
  execFileSync('sh', ['-c', `echo "${objects}" >> .git/objects/info/alternates`], { cwd: clone });
  git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit], clone);
  return clone;
}

/**
 * `npm ci` as the README runs it, from the lockfile (and npm's cache where it can). Its one install script compiles
 * better-sqlite3 from source (about a minute on two cores); the test skips install scripts and copies
 * that one compiled file from this checkout's node_modules instead. Everything else — the packages,
 * the workspace links, the bins npm links — is what npm ci makes in the clone.
 */
function npmCi(clone: string): void {
  execFileSync('npm', ['ci', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
    cwd: clone,
    env: readerEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  mkdirSync(path.dirname(path.join(clone, addon)), { recursive: true });
  copyFileSync(path.join(REPO, addon), path.join(clone, addon));
}

export interface Banner {
  url: string;
  email: string;
  password: string;
  clientId: string;
  clientSecret: string;
}

/** The lines `npm start` prints once it listens: the URL, the demo login and the demo app's credentials. */
const BANNER =
  /Gatehouse is running at (\S+)[\s\S]*Demo login:\s+(\S+) \/ (\S+)[\s\S]*client_id\s+(\S+)[\s\S]*client_secret\s+(\S+)[\s\S]*redirect_uri\s+\S+\n/;

/**
 * The reader's first ten minutes: a fresh clone, `npm ci`, then `npm start` typed in a terminal on a
 * free loopback port, up to its start banner.
 */
export async function startFreshClone(startCommand: string) {
  const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'gatehouse-clone-')));
  const clone = cloneWorkingTree(workDir);
  npmCi(clone);

  // Before anything is built: the bin npm linked must work (it builds first, on stderr).
  // It builds the whole server first: minutes, not seconds, on a loaded machine.
  const firstCommand = await run('npx gatehouse --help', clone, readerEnv(), 300_000);

  const port = await freePort();
  const terminal = startInTerminal(startCommand, { cwd: clone, env: readerEnv({ PORT: String(port) }) });
  const [, url, email, password, clientId, clientSecret] = await terminal.waitFor(BANNER, 180_000);
  const banner: Banner = { url: url!, email: email!, password: password!, clientId: clientId!, clientSecret: clientSecret! };

  return {
    clone,
    port,
    banner,
    firstCommand,
    /** What the terminal has shown since `npm start` was typed, without colours. */
    screen: terminal.screen,
    /** Ctrl-C in the terminal, as a person stops `npm start`. */
    stop: terminal.stop,
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

export interface ShellResult {
  status: number | null;
  stdout: string;
  stderr: string;
  leftovers: string;
}

/**
 * Runs a bash script in its own process group. When bash exits, any process still in that group is
 * something the script started and left running: it is listed in `leftovers`, then killed.
 */
export function run(script: string, cwd: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env, detached: true });
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('exit', (status) => {
      clearTimeout(killer);
      const group = String(child.pid);
      const leftovers = execFileSync('ps', ['-eo', 'pgid=,pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.trim().split(/\s+/)[0] === group)
        .join('\n');
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* the group is empty */
      }
      // An orphan may have held the pipes open; once the group is gone they close.
      child.once('close', () => resolve({ status, stdout, stderr, leftovers }));
    });
  });
}
