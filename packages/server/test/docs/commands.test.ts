import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDemoApp, launchChromium } from './approve-in-browser.js';
import { blocksOf, COMMAND_LINE, docFiles } from './doc-blocks.js';
import { readerEnv, run, startFreshClone } from './fresh-clone.js';
import { startInTerminal } from '../support/terminal.js';

/** The README's first command: the test types it (docs/index.md, "How these docs stay true"). */
const FIRST_COMMAND = 'npm ci && npm start';

/**
 * Runs the README's and every page's `sh` blocks, in order, one bash session per page, from the root
 * of a fresh clone where `npm ci && npm start` runs in a terminal — as a reader would.
 */
describe('docs: every command in README.md and docs/*.md, in a fresh clone', () => {
  let clone: Awaited<ReturnType<typeof startFreshClone>>;
  let browser: Browser | undefined;
  let gitStatus = '';
  let bannerAt = 0;

  beforeAll(async () => {
    expect(blocksOf('README.md')[0]?.code.trim(), 'the README starts with the command this test types').toBe(FIRST_COMMAND);
    clone = await startFreshClone('npm start');
    bannerAt = clone.screen().length;
    gitStatus = execFileSync('git', ['status', '--porcelain'], { cwd: clone.clone, encoding: 'utf8' });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    if (clone) {
      await clone.stop();
      clone.remove();
    }
  }, 60_000);

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

  it('has a working `npx gatehouse` right after npm ci, before anything is built', () => {
    expect(clone.firstCommand.status, clone.firstCommand.stderr).toBe(0);
    expect(clone.firstCommand.stdout).toMatch(/^Usage: gatehouse/);
    expect(clone.firstCommand.stderr).toContain('npm run build');
  });

  const pages = docFiles().filter((f) => blocksOf(f).some((b) => b.run));
  it('has runnable commands in the README, the quick start, authentication, CLI and stand-in pages', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/quickstart.md', 'docs/authentication.md', 'docs/webflow-stand-in.md', 'docs/cli.md']));
  });

  it.each(pages)(
    '%s: every sh block runs and succeeds, and leaves nothing behind',
    async (file) => {
      const blocks = blocksOf(file).filter((b) => b.run);
      const script = ['set -euo pipefail', ...blocks.flatMap((b) => [`echo "--- ${file}:${b.line}" >&2`, b.code])].join('\n');
      const env = readerEnv({
        GATEHOUSE_URL: clone.banner.url,
        CLIENT_ID: clone.banner.clientId,
        CLIENT_SECRET: clone.banner.clientSecret,
        NPM_CONFIG_OFFLINE: 'true',
      });
      // The reader approves the demo app at the browser and copies the code, for the pages that use one.
      if (script.includes('$CODE')) env.CODE = await approveDemoApp((browser ??= await launchChromium()), clone.banner.url, clone.banner);
      const result = await run(script, clone.clone, env);
      const failedAt = [...result.stderr.matchAll(/^--- (\S+)$/gm)].pop()?.[1];
      expect(result.status, `block ${failedAt} failed:\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-1000)}`).toBe(0);
      expect(result.leftovers, `${file} left processes running`).toBe('');
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: clone.clone, encoding: 'utf8' }), `${file} wrote into the repository`).toBe(gitStatus);
    },
    180_000,
  );

  it('pipes clean JSON from `npm run --silent gatehouse -- … --json` and `npx gatehouse … --json`', async () => {
    for (const command of ['npm run --silent gatehouse -- sites list --json', 'npx gatehouse sites list --json']) {
      const result = await run(command, clone.clone, readerEnv({ NPM_CONFIG_OFFLINE: 'true' }));
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout), command).toEqual({ sites: expect.arrayContaining([expect.objectContaining({ shortName: 'marketing' })]) });
    }
  });

  // examples/*/README.md are not run block by block (their commands start servers); the product example's README
  // starts with its two commands, and the first is typed here, in the same fresh clone (where `npm ci` has run).
  it('runs examples/projects-api with the command its README starts with, and stops it on Ctrl-C', async () => {
    const [start, test] = blocksOf('examples/projects-api/README.md');
    expect(start?.code.trim()).toBe('npm ci && npm start -w examples/projects-api');
    expect(test?.code.trim()).toBe('npm ci && npm test -w examples/projects-api');
    const terminal = startInTerminal('npm start -w examples/projects-api', { cwd: clone.clone, env: readerEnv({ NPM_CONFIG_OFFLINE: 'true' }) });
    try {
      const [, planner, api, email] = await terminal.waitFor(
        /Planner.*?(http:\/\/127\.0\.0\.1:\d+)[\s\S]*?Projects API\s+(\S+)[\s\S]*?(\S+@acme\.example) \/ \S+/,
        180_000,
      );
      expect(email).toBe('ada@acme.example');
      expect(await (await fetch(planner!)).text()).toContain('Connect Acme Projects');
      expect((await fetch(api!)).status, 'the API refuses a call without a token').toBe(401);
    } finally {
      expect(await terminal.stop(), terminal.screen().slice(-1500)).not.toBeNull();
    }
  }, 240_000);

  it('keeps the terminal quiet at the default level, so the demo credentials stay on screen', () => {
    // Without SMTP_URL the emails the pages' commands cause (an invitation) are printed by design (docs/configuration.md, "Email").
    const after = clone
      .screen()
      .slice(bannerAt)
      .replace(/^── email to [^\n]*\n[\s\S]*?^──$/gm, '');
    expect(after.trim(), 'lines the server printed after its start banner').toBe('');
  });

  it('stops on Ctrl-C: npm start exits and its server lets go of the port', async () => {
    const code = await clone.stop();
    expect(code, clone.screen().slice(-1500)).not.toBeNull();
    const probe = await fetch(`${clone.banner.url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(probe).toBe('refused');
  }, 60_000);
});
