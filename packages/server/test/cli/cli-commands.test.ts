import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** Every admin command run as a spawned `gatehouse … --json` against one fresh SQLite data dir, in order. */
describe('gatehouse admin commands (spawned, --json)', { timeout: 120_000 }, () => {
  const env = { DATA_DIR: tempDir() };
  const secrets: string[] = [];
  const ids: Record<string, string> = {};

  it('migrate applies every migration once, then nothing', async () => {
    const first = await runJson(['migrate'], env);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.migrations).toEqual(first.applied);
    expect(await runJson(['migrate'], env)).toEqual({ migrations: first.migrations, applied: [] });
  });

  it('users create reads the password from stdin, or generates one and prints it once', async () => {
    const piped = await runCli(
      ['users', 'create', '--email', 'Ada@Example.com', '--first-name', 'Ada', '--last-name', 'Admin', '--password-stdin', '--json'],
      env,
      { stdin: 'a long enough password\n' },
    );
    expect(piped.code).toBe(0);
    const created = JSON.parse(piped.stdout);
    expect(created).toEqual({ user: expect.objectContaining({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Admin' }) });
    const generated = await runJson(['users', 'create', '--email', 'bob@example.com', '--first-name', 'Bob'], env);
    expect(generated.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    secrets.push('a long enough password', generated.password);
    expect((await runJson(['users', 'list'], env)).users.map((u: { email: string }) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('refuses a duplicate user with one line on stderr and exit 1', async () => {
    const result = await runCli(['users', 'create', '--email', 'ADA@example.com', '--first-name', 'A', '--password', 'another password', '--json'], env);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: An account with this email already exists\n' });
  });

  it('workspaces create makes the owner admin; members add, list and remove, keeping the last admin', async () => {
    const { workspace } = await runJson(['workspaces', 'create', '--name', 'Acme Corp', '--owner', 'ada@example.com', '--plan', 'business'], env);
    expect(workspace).toMatchObject({ slug: 'acme-corp', plan: 'business' });
    ids.workspace = workspace.id;
    expect((await runJson(['workspaces', 'list'], env)).workspaces).toEqual([workspace]);
    await runJson(['members', 'add', '--workspace', 'acme-corp', '--email', 'bob@example.com', '--role', 'member'], env);
    const { members } = await runJson(['members', 'list', '--workspace', workspace.id], env);
    expect(members.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual(['ada@example.com:admin', 'bob@example.com:member']);
    expect(await runJson(['members', 'remove', '--workspace', 'acme-corp', '--email', 'bob@example.com'], env)).toMatchObject({ removed: true });
    const last = await runCli(['members', 'remove', '--workspace', 'acme-corp', '--email', 'ada@example.com'], env);
    expect(last).toMatchObject({ code: 1, stderr: 'gatehouse: A workspace needs at least one admin\n' });
  });

  it('sites create, sites list and domains add', async () => {
    const { site } = await runJson(
      ['sites', 'create', '--workspace', 'acme-corp', '--name', 'Marketing', '--short-name', 'marketing', '--time-zone', 'Europe/Paris'],
      env,
    );
    expect(site).toMatchObject({ shortName: 'marketing', timeZone: 'Europe/Paris', workspaceId: ids.workspace });
    ids.site = site.id;
    const { domain } = await runJson(['domains', 'add', '--site', 'marketing', '--url', 'www.acme.test'], env);
    expect(domain.url).toBe('www.acme.test');
    const { sites } = await runJson(['sites', 'list', '--workspace', 'acme-corp'], env);
    expect(sites.map((s: { id: string; customDomains: unknown[] }) => [s.id, s.customDomains.length])).toEqual([[site.id, 1]]);
  });

  it('apps create prints client_id and client_secret once; rotate-secret replaces the secret', async () => {
    const created = await runJson(
      [
        'apps',
        'create',
        '--workspace',
        'acme-corp',
        '--name',
        'Reporter',
        '--description',
        'Reports',
        '--homepage',
        'https://reporter.example.com',
        '--redirect-uri',
        'https://reporter.example.com/cb',
        '--redirect-uri',
        'http://localhost:3000/callback',
        '--scope',
        'sites:read cms:read',
        '--scope',
        'pages:read',
        '--single-site',
      ],
      env,
    );
    expect(created.client_id).toMatch(/^[0-9a-f]{64}$/);
    expect(created.client_secret).toMatch(/^gth_cs_/);
    expect(created.app).toMatchObject({
      clientId: created.client_id,
      restrictToSingleSite: true,
      redirectUris: ['https://reporter.example.com/cb', 'http://localhost:3000/callback'],
    });
    expect([...created.app.scopes].sort()).toEqual(['cms:read', 'pages:read', 'sites:read']);
    expect(JSON.stringify(await runJson(['apps', 'list'], env))).not.toContain(created.client_secret);
    const rotated = await runJson(['apps', 'rotate-secret', created.client_id], env);
    expect(rotated).toEqual({
      id: created.app.id,
      client_id: created.client_id,
      client_secret: expect.stringMatching(/^gth_cs_/),
      previous_secret_expires_at: null,
    });
    expect(rotated.client_secret).not.toBe(created.client_secret);
    secrets.push(created.client_secret, rotated.client_secret);
  });

  it('rejects an http redirect URI off loopback with exit 1', async () => {
    const result = await runCli(
      [
        'apps',
        'create',
        '--workspace',
        'acme-corp',
        '--name',
        'X',
        '--homepage',
        'https://x.example.com',
        '--redirect-uri',
        'http://x.example.com/cb',
        '--scope',
        'sites:read',
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gatehouse: "http:\/\/x\.example\.com\/cb" must use https[^\n]*\n$/);
  });

  it('tokens create-site, create-workspace, list and revoke', async () => {
    const site = await runJson(['tokens', 'create-site', '--site', 'marketing', '--name', 'CI deploy', '--scope', 'sites:read', '--scope', 'cms:write'], env);
    expect(site.access_token).toMatch(/^gth_site_/);
    expect(site.token).toMatchObject({ kind: 'site', siteId: ids.site, name: 'CI deploy' });
    const ws = await runJson(
      ['tokens', 'create-workspace', '--workspace', 'acme-corp', '--name', 'Audit', '--scope', 'workspace:read workspace_activity:read'],
      env,
    );
    expect(ws.access_token).toMatch(/^gth_ws_/);
    secrets.push(site.access_token, ws.access_token);
    const listed = await runJson(['tokens', 'list', '--site', 'marketing'], env);
    expect(listed.tokens.map((t: { id: string }) => t.id)).toEqual([site.token.id]);
    expect(JSON.stringify(listed)).not.toContain(site.access_token);
    expect(await runJson(['tokens', 'revoke', site.token.id], env)).toEqual({ id: site.token.id, revoked: true, alreadyRevoked: false });
    expect(await runJson(['tokens', 'revoke', site.token.id], env)).toEqual({ id: site.token.id, revoked: false, alreadyRevoked: true });
    expect((await runJson(['tokens', 'list', '--workspace', 'acme-corp'], env)).tokens).toHaveLength(1);
  });

  it('tokens list without an owner is a usage error (exit 2); an unknown token id is exit 1', async () => {
    expect(await runCli(['tokens', 'list', '--json'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gatehouse: tokens list: give exactly one of --site or --workspace\n',
    });
    expect(await runCli(['tokens', 'revoke', 'nope'], env)).toMatchObject({ code: 1, stderr: 'gatehouse: Token not found\n' });
  });

  it('seed --demo seeds an empty database once, then reports the same demo app', async () => {
    const fresh = { DATA_DIR: tempDir() };
    const first = await runJson(['seed', '--demo'], fresh);
    expect(first).toMatchObject({ seeded: true, email: 'demo@gatehouse.local', redirectUri: 'http://localhost:3000/callback' });
    expect(await runJson(['seed', '--demo'], fresh)).toEqual({ ...first, seeded: false });
    expect(await runCli(['seed', '--demo'], env)).toMatchObject({ code: 1 });
  });

  it('leaves no printed secret in clear in the database files', () => {
    const files = readdirSync(env.DATA_DIR).filter((f) => f.startsWith('gatehouse.sqlite'));
    expect(files).toContain('gatehouse.sqlite');
    const bytes = files.map((f) => readFileSync(path.join(env.DATA_DIR, f)).toString('latin1')).join('\n');
    expect(secrets).toHaveLength(6);
    for (const secret of secrets) expect(bytes).not.toContain(secret);
  });
});
