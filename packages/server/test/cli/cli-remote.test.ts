import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer } from '../http/oauth/live-server.js';
import { freePort } from '../support/loopback.js';
import { runCli, runJson } from './spawn-cli.js';

/**
 * docs/cli.md, "A remote Gatehouse": the provisioning commands against a running server's admin API
 * (`--url` and an admin key) print what the same commands print on the database, shape for shape.
 */
describe('gatehouse --url: provisioning through the admin API', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let local: Record<string, string>;
  let remote: Record<string, string>;
  let readOnly: Record<string, string>;
  let writeKeyId: string;

  beforeAll(async () => {
    server = await startLiveServer();
    local = { DATA_DIR: server.runtime.config.dataDir };
    const made = await runJson(['admin-keys', 'create', '--name', 'ci', '--scope', 'admin:write'], local);
    expect(made.admin_key).toMatch(/^gth_admin_/);
    writeKeyId = made.key.id;
    remote = { GATEHOUSE_URL: server.origin, GATEHOUSE_ADMIN_KEY: made.admin_key };
    readOnly = { GATEHOUSE_URL: server.origin, GATEHOUSE_ADMIN_KEY: (await runJson(['admin-keys', 'create', '--name', 'ro'], local)).admin_key };
  });
  afterAll(() => server?.close());

  it('creates, lists and revokes users, workspaces, members, sites, apps and tokens, answering as the local commands do', async () => {
    const user = await runJson(['users', 'create', '--email', 'Remote@Example.com', '--first-name', 'Remo', '--password', 'a long remote password'], remote);
    expect(user).toEqual({ user: expect.objectContaining({ email: 'remote@example.com', firstName: 'Remo' }) });
    const generated = await runJson(['users', 'create', '--email', 'second@example.com', '--first-name', 'Sec'], remote);
    expect(generated.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await runJson(['users', 'list'], remote)).toEqual(await runJson(['users', 'list'], local));

    const { workspace } = await runJson(['workspaces', 'create', '--name', 'Remote Co', '--owner', 'remote@example.com', '--plan', 'business'], remote);
    expect(workspace).toMatchObject({ slug: 'remote-co', plan: 'business' });
    expect(await runJson(['workspaces', 'list'], remote)).toEqual(await runJson(['workspaces', 'list'], local));

    expect(await runJson(['members', 'add', '--workspace', 'remote-co', '--email', 'second@example.com'], remote)).toEqual({
      workspaceId: workspace.id,
      userId: generated.user.id,
      role: 'member',
    });
    expect(await runJson(['members', 'list', '--workspace', 'remote-co'], remote)).toEqual(
      await runJson(['members', 'list', '--workspace', 'remote-co'], local),
    );
    expect(await runJson(['members', 'set-role', '--workspace', 'remote-co', '--email', 'second@example.com', '--role', 'admin'], remote)).toEqual({
      workspaceId: workspace.id,
      userId: generated.user.id,
      role: 'admin',
      authorizationsRevoked: 0,
      apiTokensRevoked: 0,
    });
    expect(await runJson(['members', 'remove', '--workspace', 'remote-co', '--email', 'second@example.com'], remote)).toEqual({
      workspaceId: workspace.id,
      userId: generated.user.id,
      removed: true,
      authorizationsRevoked: 0,
      apiTokensRevoked: 0,
    });

    const { site } = await runJson(['sites', 'create', '--workspace', 'remote-co', '--name', 'Remote Site', '--short-name', 'remote-site'], remote);
    expect(site).toMatchObject({ shortName: 'remote-site', workspaceId: workspace.id });
    expect(await runJson(['sites', 'list'], remote)).toEqual(await runJson(['sites', 'list'], local));
    expect(await runJson(['sites', 'list', '--workspace', 'remote-co'], remote)).toEqual({ sites: [site] });

    const app = await runJson(
      [
        'apps',
        'create',
        '--workspace',
        'remote-co',
        '--name',
        'Remote App',
        '--homepage',
        'https://remote.example.com',
        '--redirect-uri',
        'https://remote.example.com/cb',
        '--scope',
        'sites:read',
      ],
      remote,
    );
    expect(Object.keys(app).sort()).toEqual(['app', 'client_id', 'client_secret']);
    expect(await runJson(['apps', 'list'], remote)).toEqual(await runJson(['apps', 'list'], local));
    const rotated = await runJson(['apps', 'rotate-secret', app.client_id], remote);
    expect(rotated).toEqual({ id: app.app.id, client_id: app.client_id, client_secret: expect.stringMatching(/^gth_cs_/), previous_secret_expires_at: null });
    expect(rotated.client_secret).not.toBe(app.client_secret);

    const siteToken = await runJson(['tokens', 'create-site', '--site', 'remote-site', '--name', 'deploy', '--scope', 'sites:read'], remote);
    expect(Object.keys(siteToken).sort()).toEqual(['access_token', 'token']);
    const wsToken = await runJson(['tokens', 'create-workspace', '--workspace', 'remote-co', '--name', 'ops', '--scope', 'workspace:read'], remote);
    expect(wsToken.token.kind).toBe('workspace');
    expect(await runJson(['tokens', 'list', '--site', 'remote-site'], remote)).toEqual(await runJson(['tokens', 'list', '--site', 'remote-site'], local));
    const read = await fetch(`${server.origin}/v2/sites/${site.id}`, { headers: { authorization: `Bearer ${siteToken.access_token}` } });
    expect(read.status).toBe(200);
    expect(await runJson(['tokens', 'revoke', siteToken.token.id], remote)).toEqual({ id: siteToken.token.id, revoked: true, alreadyRevoked: false });
    expect(await runJson(['tokens', 'revoke', siteToken.token.id], remote)).toEqual({ id: siteToken.token.id, revoked: false, alreadyRevoked: true });
    expect((await fetch(`${server.origin}/v2/sites/${site.id}`, { headers: { authorization: `Bearer ${siteToken.access_token}` } })).status).toBe(401);

    const deleted = await runJson(['sites', 'delete', '--site', 'remote-site', '--yes'], remote);
    expect(deleted).toEqual({ deleted: { siteId: site.id, revokedTokenIds: [], revokedAuthorizationIds: [], removedWebhookIds: [] } });
    expect((await runJson(['sites', 'list', '--workspace', 'remote-co'], remote)).sites).toEqual([]);
  });

  it('invites, lists and revokes invitations remotely as on the database', async () => {
    const made = await runJson(['invitations', 'create', '--workspace', 'remote-co', '--email', 'Invitee@Example.com', '--role', 'admin'], remote);
    expect(made.invitation).toMatchObject({ email: 'invitee@example.com', role: 'admin', status: 'pending', invitedBy: expect.stringMatching(/^admin-key:/) });
    const here = await runJson(['invitations', 'create', '--workspace', 'remote-co', '--email', 'local-invitee@example.com'], local);
    expect(here.invitation).toMatchObject({ email: 'local-invitee@example.com', role: 'member', status: 'pending', invitedBy: null });
    const listed = await runJson(['invitations', 'list', '--workspace', 'remote-co'], remote);
    expect(listed.invitations.map((i: { email: string }) => i.email)).toEqual(['local-invitee@example.com', 'invitee@example.com']);
    expect(listed).toEqual(await runJson(['invitations', 'list', '--workspace', 'remote-co'], local));
    expect(await runJson(['invitations', 'revoke', '--workspace', 'remote-co', here.invitation.id], remote)).toEqual({
      id: here.invitation.id,
      workspaceId: here.invitation.workspaceId,
      revoked: true,
    });
    expect(await runJson(['invitations', 'revoke', '--workspace', 'remote-co', made.invitation.id], local)).toMatchObject({ revoked: true });
    expect((await runJson(['invitations', 'list', '--workspace', 'remote-co'], remote)).invitations).toEqual([]);

    for (const args of [
      ['invitations', 'create', '--workspace', 'remote-co', '--email', 'x@example.com', '--role', 'owner'],
      ['invitations', 'create', '--workspace', 'remote-co', '--email', 'remote@example.com'],
      ['invitations', 'revoke', '--workspace', 'remote-co', made.invitation.id],
      ['invitations', 'revoke', '--workspace', 'remote-co', 'not-an-id'],
    ]) {
      const there = await runCli(args, remote);
      expect(there.code).toBe(1);
      expect(there.stderr).toMatch(/^gatehouse: [^\n]+\n$/);
      expect(await runCli(args, local)).toEqual(there);
    }
  });

  it('refuses as the local commands do: one line on stderr, the same words and exit code', async () => {
    const duplicate = ['users', 'create', '--email', 'remote@example.com', '--first-name', 'Again', '--password', 'a long remote password'];
    const there = await runCli(duplicate, remote);
    expect(there).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: An account with this email already exists\n' });
    expect(await runCli(duplicate, local)).toEqual(there);
    const unknown = await runCli(['members', 'add', '--workspace', 'remote-co', '--email', 'nobody@example.com'], remote);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: User "nobody@example.com" not found\n' });
    expect(await runCli(['members', 'remove', '--workspace', 'remote-co', '--email', 'remote@example.com'], remote)).toMatchObject({
      code: 1,
      stderr: 'gatehouse: A workspace needs at least one admin\n',
    });
  });

  it('refuses a wrong key, a read key writing and a revoked key', async () => {
    const wrong = await runCli(['users', 'list', '--url', server.origin, '--admin-key', 'gth_admin_wrong'], {});
    expect(wrong).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^gatehouse: error: admin API answered 401: The admin API key is unknown or revoked\n$/),
    });
    expect((await runJson(['users', 'list'], readOnly)).users.length).toBeGreaterThan(0);
    const writing = await runCli(['users', 'create', '--email', 'ro@example.com', '--first-name', 'Ro'], readOnly);
    expect(writing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^gatehouse: error: admin API answered 403: This needs an admin API key with admin:write/),
    });
    expect(await runJson(['admin-keys', 'revoke', writeKeyId], local)).toEqual({ id: writeKeyId, revoked: true, alreadyRevoked: false });
    expect(await runCli(['users', 'list'], remote)).toMatchObject({ code: 1, stderr: expect.stringContaining('answered 401') });
  });

  it('needs both the server and a key, and says so when the server cannot be reached', async () => {
    expect(await runCli(['users', 'list', '--url', server.origin], {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gatehouse: --url needs an admin API key: pass --admin-key or set GATEHOUSE_ADMIN_KEY\n',
    });
    expect(await runCli(['users', 'list', '--admin-key', 'gth_admin_x'], {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gatehouse: an admin key needs the server: pass --url <base> or set GATEHOUSE_URL\n',
    });
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli(['users', 'list', '--url', closed, '--admin-key', 'gth_admin_x'], {});
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^gatehouse: error: cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+\/admin\/v1: .+\n$/);
    // GATEHOUSE_URL alone names a server for other tools; the command still opens the database.
    expect((await runJson(['users', 'list'], { ...local, GATEHOUSE_URL: closed })).users.length).toBeGreaterThan(0);
  });
});
