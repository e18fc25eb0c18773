#!/usr/bin/env node
// The `gatehouse` command that npm links into node_modules/.bin. `npm ci` links bins before anything
// is built, so this launcher lives outside dist/ (docs/cli.md): in a checkout that has not been built
// yet it builds the server first, then runs the CLI in this same process, so the process id a shell
// sees (`$!`) is the server's own and a signal sent to it reaches the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/bin.js', import.meta.url);

if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  process.stderr.write('gatehouse: not built yet; running `npm run build` first…\n');
  // Build output goes to stderr: stdout carries only the command's own output (`--json` stays clean).
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (build.status !== 0 || !existsSync(cli)) {
    process.stderr.write('gatehouse: the build failed; run `npm run build` in the repository root to see why\n');
    process.exit(1);
  }
}

await import(cli.href);
