import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runJson, startCli, tempDir, waitForOutput } from '../cli/spawn-cli.js';

const readDatabaseFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('gatehouse.sqlite'))
    .map((f) => readFileSync(path.join(dir, f)).toString('latin1'))
    .join('\n');

/**
 * docs/deployment.md: the Authorization header, client_secret, code, passwords and tokens are redacted from
 * every log line, even at trace level, and never stored in clear.
 */
describe('secrets in a trace-level run', { timeout: 120_000 }, () => {
  it('appear in no log line and in no database file', async () => {
    const dataDir = tempDir('gatehouse-redact-');
    const env = { DATA_DIR: dataDir };
    const demo = await runJson(['seed', '--demo'], env);
    const siteToken = (await runJson(['tokens', 'create-site', '--site', 'marketing', '--name', 'logs', '--scope', 'sites:read'], env)).access_token as string;
    const wsToken = (await runJson(['tokens', 'create-workspace', '--workspace', 'demo', '--name', 'logs', '--scope', 'workspace:read'], env))
      .access_token as string;
    const fakeCode = 'gth_code_' + 'C0de'.repeat(11);
    const fakeVerifier = 'verifier-' + 'V'.repeat(43);
    const fakeRefresh = 'gth_rt_' + 'R3fr'.repeat(11);

    const port = await freePort();
    const server = startCli([], { ...env, PORT: String(port), LOG_LEVEL: 'trace' });
    await waitForOutput(server, /Gatehouse is running at/);
    const base = `http://127.0.0.1:${port}`;
    const basic = Buffer.from(`${demo.clientId}:${demo.clientSecret}`).toString('base64');
    const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });
    const post = (p: string, { body, ...headers }: { body: string } & Record<string, string>) =>
      fetch(base + p, { method: 'POST', headers, body, redirect: 'manual' });

    // A real dashboard login: CSRF cookie and token from the form, then the session cookie.
    const loginPage = await fetch(`${base}/login`);
    const csrfCookie = loginPage.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = (await loginPage.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
    const login = await post('/login', { cookie: csrfCookie, ...form({ email: demo.email, password: demo.password, _csrf: csrf }) });
    expect(login.status).toBe(303);
    const session = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c?.startsWith('gatehouse_session='))!;
    const sessionValue = session.split('=')[1]!;
    await fetch(`${base}/dashboard`, { headers: { cookie: `${csrfCookie}; ${session}` } });

    await fetch(`${base}/v2/sites`, { headers: { authorization: `Bearer ${siteToken}` } });
    await fetch(`${base}/v2/sites?access_token=${wsToken}`);
    await fetch(`${base}/v2/workspaces`, { headers: { authorization: `Bearer ${wsToken}` } });
    await post('/oauth/access_token', {
      authorization: `Basic ${basic}`,
      ...form({ grant_type: 'authorization_code', code: fakeCode, redirect_uri: demo.redirectUri, code_verifier: fakeVerifier }),
    });
    await post('/oauth/access_token', {
      'content-type': 'application/json',
      body: JSON.stringify({ client_id: demo.clientId, client_secret: demo.clientSecret, code: fakeCode, grant_type: 'authorization_code' }),
    });
    await post('/oauth/token', {
      ...form({ grant_type: 'refresh_token', refresh_token: fakeRefresh, client_id: demo.clientId, client_secret: demo.clientSecret }),
    });
    await post('/oauth/access_token', { 'content-type': 'application/json', body: `{"client_secret": "${demo.clientSecret}", "code": "${fakeCode}"` });
    await post('/oauth/introspect', { authorization: `Basic ${basic}`, ...form({ token: siteToken }) });
    await post('/oauth/revoke_authorization', { ...form({ client_id: demo.clientId, client_secret: demo.clientSecret, access_token: siteToken }) });
    await post('/oauth/revoke', { authorization: `Basic ${basic}`, ...form({ token: wsToken }) });
    await fetch(
      `${base}/oauth/authorize?response_type=code&client_id=${demo.clientId}&redirect_uri=${encodeURIComponent(demo.redirectUri)}&code=${fakeCode}&client_secret=${demo.clientSecret}`,
      { redirect: 'manual' },
    );
    await post('/login', { ...form({ email: demo.email, password: 'a-wrong-password-123', _csrf: 'x' }) });
    // Credentials in paths, in unlisted query names and in unknown routes ("Route … not found").
    await fetch(`${base}/nope/${siteToken}`);
    await fetch(`${base}/v2/sites/${wsToken}`, { headers: { authorization: `Bearer ${siteToken}` } });
    await fetch(`${base}/v2/sites?unlisted=${siteToken}&also=${demo.clientSecret}`);
    await fetch(`${base}/oauth/${fakeRefresh}?x=${fakeCode}`);
    await fetch(`${base}/login?return_to=${encodeURIComponent(`/next?code=${fakeCode}&t=${wsToken}`)}`);

    const whileRunning = readDatabaseFiles(dataDir);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const lines = server.output().trimEnd().split('\n');
    const logLines = lines.filter((l) => l.startsWith('{'));
    // Everything but the start-up banner is a structured log line, each request with its id.
    expect(lines.filter((l) => !l.startsWith('{')).length).toBeLessThanOrEqual(5);
    expect(logLines.filter((l) => l.includes('"msg":"incoming request"')).length).toBeGreaterThanOrEqual(14);
    expect(logLines.every((l) => JSON.parse(l).level !== undefined)).toBe(true);
    const log = logLines.join('\n');
    const artifacts = new URL('../../test-output/', import.meta.url);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(new URL('secrets-run.log', artifacts), log + '\n');
    expect(log).toContain('"reqId"');

    const secrets = {
      siteToken,
      wsToken,
      clientSecret: demo.clientSecret,
      basic,
      fakeCode,
      fakeVerifier,
      fakeRefresh,
      sessionValue,
      csrfCookie: csrfCookie.split('=')[1]!,
      demoPassword: demo.password,
      wrongPassword: 'a-wrong-password-123',
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(log.includes(secret), `${name} in the log`).toBe(false);
      expect(log.includes(secret.replace(/^gth_[a-z]+_/, '')), `${name} (without prefix) in the log`).toBe(false);
    }
    const databases = whileRunning + readDatabaseFiles(dataDir);
    for (const [name, secret] of Object.entries({ siteToken, wsToken, clientSecret: demo.clientSecret, sessionValue, demoPassword: demo.password })) {
      expect(databases.includes(secret), `${name} in the database`).toBe(false);
    }
  });
});
