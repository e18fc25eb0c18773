import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/platform/seed-demo.js';
import { freePort, runJson, startCli, startCliInTerminal, tempDir, waitForOutput } from '../cli/spawn-cli.js';

const PRODUCTION_URL = 'https://auth.example.com';

/** Signs in over HTTP; true when the password is accepted. */
async function signsIn(base: string, email: string, password: string): Promise<boolean> {
  const page = await fetch(`${base}/login`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  return res.status === 303;
}

/** docs/deployment.md, "Demo data": no published credential outside development, no secret in a log stream. */
describe('demo credentials at start (spawned)', { timeout: 120_000 }, () => {
  it('on a loopback PUBLIC_URL with stdout not a terminal: seeds the published login, keeps the client secret out of the output', async () => {
    const dataDir = tempDir('gatehouse-demo-');
    const port = await freePort();
    const server = startCli(['--seed-demo'], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    await waitForOutput(server, /redirect_uri {2}\S+\n/);
    expect(await signsIn(`http://127.0.0.1:${port}`, DEMO_LOGIN.email, DEMO_LOGIN.password)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const demo = await runJson(['seed', '--demo'], { DATA_DIR: dataDir });
    expect(demo.clientSecret).toMatch(/^gth_cs_/);
    expect(server.output()).toContain(`Demo login:    ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
    expect(server.output()).toContain(demo.clientId);
    expect(server.output()).toContain('client_secret (not shown: stdout is not a terminal');
    expect(server.output()).not.toContain(demo.clientSecret);
  });

  it('on a non-loopback PUBLIC_URL with stdout not a terminal: seeds nothing and says why', async () => {
    const dataDir = tempDir('gatehouse-demo-');
    const server = startCli(['--seed-demo'], { DATA_DIR: dataDir, PORT: String(await freePort()), PUBLIC_URL: PRODUCTION_URL });
    await waitForOutput(server, /Gatehouse is running at/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('demo data not seeded: PUBLIC_URL is not loopback');
    expect(server.output()).not.toContain('Demo login');
    expect((await runJson(['users', 'list'], { DATA_DIR: dataDir })).users).toEqual([]);
  });

  it('on a non-loopback PUBLIC_URL in a terminal: seeds with a generated password shown once, and the published one does not sign in', async () => {
    const dataDir = tempDir('gatehouse-demo-');
    const env = { DATA_DIR: dataDir, PUBLIC_URL: PRODUCTION_URL };
    const first = startCliInTerminal(['--seed-demo'], { ...env, PORT: String(await freePort()) });
    const [, password] = await first.waitFor(/Demo login: {4}demo@gatehouse\.local \/ (\S+)\n/);
    await first.waitFor(/client_secret gth_cs_\S+/);
    expect(await first.stop()).toBe(0);
    expect(password).not.toBe(DEMO_LOGIN.password);
    expect(password!.length).toBeGreaterThanOrEqual(20);

    const port = await freePort();
    const again = startCliInTerminal(['--seed-demo'], { ...env, PORT: String(port) });
    await again.waitFor(/redirect_uri {2}\S+/);
    const base = `http://127.0.0.1:${port}`;
    expect(await signsIn(base, DEMO_LOGIN.email, DEMO_LOGIN.password)).toBe(false);
    expect(await signsIn(base, DEMO_LOGIN.email, password!)).toBe(true);
    expect(await again.stop()).toBe(0);
    expect(again.screen()).not.toContain(password);
    expect(again.screen()).toContain('(not shown: it is not the published demo password');
  });
});
