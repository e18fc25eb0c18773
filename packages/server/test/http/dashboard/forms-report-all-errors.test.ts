import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { runCli, runJson, tempDir } from '../../cli/spawn-cli.js';
import { DashboardAgent } from './dashboard-agent.js';

const fieldMessages = (body: string) => [...body.matchAll(/<p class="error" id="([^"]+)-error">([^<]+)<\/p>/g)].map((m) => [m[1], m[2]]);

describe('forms report every mistake at once', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let admin: DashboardAgent;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.admin.id);
  });
  afterAll(() => t.close());

  it('app registration with several mistakes marks each field in one answer, keeping what was typed', async () => {
    await admin.get(`/workspaces/${world.workspace.id}/apps/new`);
    const res = await admin.post(`/workspaces/${world.workspace.id}/apps`, {
      name: '',
      description: 'kept',
      homepage: 'http://insecure.example',
      logo_url: 'ftp://logo.example/x.png',
      redirect_uris: 'not a url\nhttp://remote.example/cb',
      client_type: 'confidential',
    });
    expect(res.statusCode).toBe(400);
    const messages = Object.fromEntries(fieldMessages(res.body));
    expect(messages['app-name']).toBe('App name must be 1 to 100 characters');
    expect(messages['app-homepage']).toBe('Homepage must use https');
    expect(messages['app-logo']).toBe('Logo URL must use https');
    expect(messages['app-redirects']).toContain('&quot;not a url&quot; is not an absolute URL');
    expect(messages['app-redirects']).toContain('&quot;http://remote.example/cb&quot; must use https');
    expect(messages.scopes).toBe('Choose at least one scope');
    expect(res.body).toContain('>kept</textarea>');
  });

  it('token creation with a missing name and no scope marks both', async () => {
    await admin.get(`/sites/${world.siteA.id}/api-access`);
    const res = await admin.post(`/sites/${world.siteA.id}/tokens`, { name: '' });
    expect(res.statusCode).toBe(400);
    const fields = fieldMessages(res.body).map(([field]) => field);
    expect(fields).toEqual(expect.arrayContaining(['scopes']));
    expect(fields.some((f) => f!.includes('name'))).toBe(true);
  });

  it('gatehouse apps create lists every bad option on its one stderr line', { timeout: 60_000 }, async () => {
    const env = { DATA_DIR: tempDir() };
    await runJson(['users', 'create', '--email', 'ada@example.com', '--first-name', 'Ada', '--password', 'a long enough password'], env);
    await runJson(['workspaces', 'create', '--name', 'Acme', '--owner', 'ada@example.com'], env);
    const result = await runCli(
      [
        'apps',
        'create',
        '--workspace',
        'acme',
        '--name',
        'X',
        '--homepage',
        'http://x.example',
        '--redirect-uri',
        'ftp://x.example',
        '--scope',
        'nope:read',
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'gatehouse: 3 problems: Homepage must use https; "ftp://x.example" must use https (http is allowed only on localhost, 127.0.0.1 and [::1]); Unknown scopes: nope:read\n',
    );
  });
});
