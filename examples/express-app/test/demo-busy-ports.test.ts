import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { busyPortAdvice } from '../src/busy-ports.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Something else listening on a loopback port, as a forgotten `npm start` or dev server would. */
async function occupy(host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('npm run demo when a port it needs is busy', () => {
  const held: Server[] = [];
  afterEach(() => {
    for (const s of held.splice(0)) s.close();
  });

  it('names the busy Gatehouse port, the likely culprit and the command that avoids it', async () => {
    const { server, port } = await occupy();
    held.push(server);
    const free = await occupy();
    free.server.close();
    const advice = await busyPortAdvice({
      gatehousePort: port,
      appPort: free.port,
      appHost: '127.0.0.1',
      redirectUri: `http://localhost:${free.port}/callback`,
    });
    expect(advice.join('\n')).toContain(`Port ${port} is already in use, so the demo cannot start Gatehouse there.`);
    expect(advice.join('\n')).toContain('`npm start`');
    expect(advice.join('\n')).toContain(`GATEHOUSE_PORT=${port + 1} npm run demo -w examples/express-app`);
  });

  it("explains that the example app's port comes from the demo app's redirect URI", async () => {
    const { server, port } = await occupy();
    held.push(server);
    const free = await occupy();
    free.server.close();
    const advice = await busyPortAdvice({ gatehousePort: free.port, appPort: port, appHost: '127.0.0.1', redirectUri: `http://localhost:${port}/callback` });
    expect(advice.join('\n')).toContain(
      `Port ${port} is already in use, and the example app must listen there: the demo app's redirect URI is http://localhost:${port}/callback.`,
    );
    expect(advice.join('\n')).not.toContain('Gatehouse there');
  });

  it('stops before starting anything, with the advice on stderr and exit code 1', async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'examples/express-app'], { cwd: ROOT });
    const { server, port } = await occupy();
    held.push(server);
    const demo = spawn(process.execPath, [path.join(ROOT, 'examples/express-app/dist/run-demo.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        GATEHOUSE_PORT: String(port),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'demo-busy-')),
        PASSWORD_HASH_COST: '14',
      },
    });
    let stderr = '';
    demo.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => demo.once('exit', resolve));
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(`Port ${port} is already in use, so the demo cannot start Gatehouse there.`);
    expect(stderr).not.toMatch(/\n\s+at /); // advice, not a stack trace
  }, 60_000);
});
