import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, COMMAND_LINE, docFiles } from './doc-blocks.js';
import { startDocsServer } from './docs-server.js';

/** The server runs in this process, so the shell must run asynchronously (spawnSync would block it). */
function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a server a page starts in the background dies with it even on failure.
    const child = spawn('bash', ['-c', script], { cwd, env, detached: true });
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => {
      clearTimeout(killer);
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* the group is gone already */ }
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs a page's `sh` blocks, in order, in one bash session against a real listening Gatehouse. */
describe('docs: every command in docs/*.md', () => {
  let server: Awaited<ReturnType<typeof startDocsServer>>;
  beforeAll(async () => { server = await startDocsServer(); }, 60_000);
  afterAll(async () => server?.close());

  it('marks each block that is not run with the reason, and hides no command in another language', () => {
    for (const file of docFiles()) {
      for (const b of blocksOf(file)) {
        if (b.reason !== undefined) expect(b.reason.split(/\s+/).length, `${file}:${b.line} says why it is not run`).toBeGreaterThanOrEqual(3);
        // Output and prose blocks must not hide commands; code in other languages (js, yaml…) is not shell.
        const outputLike = ['', 'text', 'console', 'json'].includes(b.info.split(/\s+/)[0]!);
        if (outputLike) expect(COMMAND_LINE.test(b.code), `${file}:${b.line} is a command in a \`${b.info || 'plain'}\` block: mark it sh`).toBe(false);
      }
    }
  });

  const pages = docFiles().filter((f) => blocksOf(f).some((b) => b.run));
  it('has runnable commands in the quick start, authentication and stand-in pages', () => {
    expect(pages).toEqual(expect.arrayContaining(['quickstart.md', 'authentication.md', 'webflow-stand-in.md', 'cli.md']));
  });

  it.each(pages)('%s: every sh block runs and succeeds', async (file) => {
    const blocks = blocksOf(file).filter((b) => b.run);
    const script = ['set -euo pipefail', ...blocks.flatMap((b) => [`echo "--- ${file}:${b.line}" >&2`, b.code])].join('\n');
    const env = {
      PATH: process.env.PATH!, HOME: process.env.HOME ?? server.workDir, LANG: 'C.UTF-8',
      DATA_DIR: server.dataDir, PASSWORD_HASH_COST: '14', LOG_LEVEL: 'silent', NPM_CONFIG_OFFLINE: 'true', NPM_CONFIG_UPDATE_NOTIFIER: 'false',
      ...server.placeholders,
      CODE: await server.approveDemoApp(),
    };
    const result = await runBash(script, server.workDir, env);
    const failedAt = [...result.stderr.matchAll(/^--- (\S+)$/gm)].pop()?.[1];
    expect(result.status, `block ${failedAt} failed:\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-1000)}`).toBe(0);
  }, 120_000);
});
