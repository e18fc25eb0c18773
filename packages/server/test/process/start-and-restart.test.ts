import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runJson, startCliInTerminal, tempDir } from '../cli/spawn-cli.js';

const BANNER = /Gatehouse is running at (\S+)\n\s+Demo login:\s+(\S+) \/ (\S+)\n\s+Demo app:\s+client_id\s+([0-9a-f]{64})\n\s+client_secret (\S+)\n/;

/**
 * `npm start` runs `gatehouse start --seed-demo` after building; this is that boot, twice on one data
 * dir, in a terminal as a person runs it (the client secret is shown only on a terminal).
 */
describe('gatehouse start --seed-demo (spawned)', { timeout: 120_000 }, () => {
  const dataDir = tempDir('gatehouse-start-');

  async function bootAndStop(): Promise<{ url: string; clientId: string; clientSecret: string; login: string }> {
    const port = await freePort();
    const server = startCliInTerminal(['--seed-demo'], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    const [, url, login, , clientId, clientSecret] = await server.waitFor(BANNER);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect(await server.stop()).toBe(0);
    // A clean close checkpoints SQLite's write-ahead log and removes it.
    expect(existsSync(path.join(dataDir, 'gatehouse.sqlite-wal'))).toBe(false);
    return { url: url!, login: login!, clientId: clientId!, clientSecret: clientSecret! };
  }

  it('seeds on the first run, prints URL, demo login and demo app, and exits 0 on Ctrl-C', async () => {
    const first = await bootAndStop();
    expect(first.login).toBe('demo@gatehouse.local');
    expect(first.clientSecret).toMatch(/^gth_cs_/);
    const { workspaces } = await runJson(['workspaces', 'list'], { DATA_DIR: dataDir });
    expect(workspaces.map((w: { slug: string }) => w.slug)).toEqual(['demo']);
  });

  it('keeps the data on restart and seeds nothing', async () => {
    const before = await runJson(['apps', 'list'], { DATA_DIR: dataDir });
    const second = await bootAndStop();
    const after = await runJson(['apps', 'list'], { DATA_DIR: dataDir });
    expect(after).toEqual(before);
    expect(second.clientId).toBe(before.apps[0].clientId);
    expect((await runJson(['users', 'list'], { DATA_DIR: dataDir })).users).toHaveLength(1);
    expect((await runJson(['sites', 'list'], { DATA_DIR: dataDir })).sites.map((s: { shortName: string }) => s.shortName).sort()).toEqual([
      'docs',
      'marketing',
    ]);
  });
});
