import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { usesTerminalLog } from '../../src/http/terminal-log.js';
import { freePort } from '../support/loopback.js';
import { startInTerminal } from '../support/terminal.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SECRET = 'gth_code_ThisMustNeverReachTheTerminal000000';
const BANNER_END = /redirect_uri\s+\S+\n/;

const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH!,
  HOME: process.env.HOME!,
  TERM: 'xterm-256color',
  PASSWORD_HASH_COST: '14',
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gatehouse-terminal-')),
  ...extra,
});

/** A few requests of the kinds a developer's browser and curl make. */
async function traffic(origin: string): Promise<void> {
  await fetch(`${origin}/v2/sites`);
  await fetch(`${origin}/v2/sites`, { headers: { authorization: `Bearer ${SECRET}` } });
  await fetch(`${origin}/nope`);
  await fetch(`${origin}/docs`);
  await fetch(`${origin}/login`);
  // Lines are written synchronously by the server, but reach the terminal through the pty.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

describe('the log in a terminal (gatehouse start --seed-demo on loopback, stdout a TTY)', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  const start = async (extra: Record<string, string> = {}) => {
    const port = await freePort();
    const terminal = startInTerminal('node packages/server/bin/gatehouse.js start --seed-demo', { cwd: ROOT, env: env({ PORT: String(port), ...extra }) });
    stops.push(terminal.stop);
    await terminal.waitFor(BANNER_END, 60_000);
    return { terminal, origin: `http://127.0.0.1:${port}`, bannerAt: terminal.screen().length };
  };

  it('prints nothing per request at info, so the demo credentials stay the last lines on screen', async () => {
    const { terminal, origin, bannerAt } = await start();
    expect(terminal.screen()).toMatch(/client_secret\s+gth_cs_/);
    await traffic(origin);
    expect(terminal.screen().slice(bannerAt)).toBe('');
  }, 90_000);

  it('prints one short human line per request at debug, with credentials still redacted', async () => {
    const { terminal, origin, bannerAt } = await start({ LOG_LEVEL: 'debug' });
    await fetch(`${origin}/nope?code=${SECRET}`);
    await traffic(origin);
    const lines = terminal.screen().slice(bannerAt).split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('GET /v2/sites → 401'))).toHaveLength(2);
    expect(lines.some((l) => /GET \/nope\?code=\[Redacted\] → 404/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('GET /docs → 200'))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (DEBUG|INFO|WARN|ERROR): /);
    expect(terminal.screen()).not.toContain(SECRET);
    expect(terminal.screen()).not.toContain('incoming request');
  }, 90_000);

  it('stops on Ctrl-C with one readable line and exit code 0', async () => {
    const { terminal, origin, bannerAt } = await start();
    // A person reads the banner first; one answered request means start-up has finished.
    await fetch(`${origin}/healthz`);
    expect(await terminal.stop(), terminal.screen()).toBe(0);
    const after = terminal.screen().slice(bannerAt);
    expect(after).toMatch(/\] INFO: shutting down/);
    expect(after).not.toContain('{"level"');
  }, 90_000);
});

describe('the log anywhere else', () => {
  it('is one JSON object per line when stdout is not a terminal', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, ['packages/server/bin/gatehouse.js', 'start'], { cwd: ROOT, env: env({ PORT: String(port) }) });
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes('Gatehouse is running at') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await traffic(`http://127.0.0.1:${port}`);
      const logLines = out.split('\n').filter((l) => l.startsWith('{'));
      expect(logLines.filter((l) => JSON.parse(l).msg === 'request completed').length).toBeGreaterThanOrEqual(5);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }, 90_000);

  it('is JSON on a terminal too when the server listens beyond loopback', () => {
    expect(usesTerminalLog('127.0.0.1', { isTTY: true })).toBe(true);
    expect(usesTerminalLog('::1', { isTTY: true })).toBe(true);
    expect(usesTerminalLog('localhost', { isTTY: true })).toBe(true);
    expect(usesTerminalLog('0.0.0.0', { isTTY: true })).toBe(false);
    expect(usesTerminalLog('::', { isTTY: true })).toBe(false);
    expect(usesTerminalLog('192.168.1.20', { isTTY: true })).toBe(false);
    expect(usesTerminalLog('127.0.0.1', { isTTY: false })).toBe(false);
    expect(usesTerminalLog('127.0.0.1', {})).toBe(false);
  });
});
