import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer } from '../http/oauth/live-server.js';
import { createWorld, type World } from '../support/fixtures.js';
import { runCli, runJson } from './spawn-cli.js';

/**
 * docs/cli.md, "Secrets and token expiry": rotation with an overlap, its early end, token expiry and display
 * hints, on the database and through the admin API (`--url`), answering the same.
 */
describe('gatehouse apps rotate-secret --overlap and tokens --expires-in, local and remote', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let local: Record<string, string>;
  let remote: Record<string, string>;
  let world: World;

  beforeAll(async () => {
    server = await startLiveServer();
    local = { DATA_DIR: server.runtime.config.dataDir };
    world = await createWorld(server.runtime.ctx);
    const made = await runJson(['admin-keys', 'create', '--name', 'ci', '--scope', 'admin:write'], local);
    remote = { GATEHOUSE_URL: server.origin, GATEHOUSE_ADMIN_KEY: made.admin_key };
  });
  afterAll(() => server?.close());

  const introspectWith = async (secret: string) =>
    (
      await fetch(`${server.origin}/oauth/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: world.app.clientId, client_secret: secret, token: 'gth_oat_unknown' }),
      })
    ).status;

  it('rotates with an overlap, shows it in lists, ends it early, and refuses what is out of bounds, the same either way', async () => {
    const rotated = await runJson(['apps', 'rotate-secret', world.app.clientId, '--overlap', '24h'], remote);
    expect(rotated).toEqual({
      id: world.app.id,
      client_id: world.app.clientId,
      client_secret: expect.stringMatching(/^gth_cs_/),
      previous_secret_expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect([await introspectWith(world.clientSecret), await introspectWith(rotated.client_secret)]).toEqual([200, 200]);

    const listed = await runJson(['apps', 'list', '--workspace', world.workspace.id], remote);
    expect(listed).toEqual(await runJson(['apps', 'list', '--workspace', world.workspace.id], local));
    expect(listed.apps[0].previousSecretExpiresAt).toBe(rotated.previous_secret_expires_at);
    expect((await runCli(['apps', 'list', '--workspace', world.workspace.id], local)).stdout).toContain(
      `previous secret works until ${rotated.previous_secret_expires_at}`,
    );

    expect(await runJson(['apps', 'revoke-previous-secret', world.app.id], remote)).toEqual({ id: world.app.id, client_id: world.app.clientId, revoked: true });
    expect(await introspectWith(world.clientSecret)).toBe(401);
    expect(await introspectWith(rotated.client_secret)).toBe(200);
    const again = await runCli(['apps', 'revoke-previous-secret', world.app.id], remote);
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: This app has no previous client secret that still works\n' });
    expect(await runCli(['apps', 'revoke-previous-secret', world.app.id], local)).toEqual(again);

    const tooLong = await runCli(['apps', 'rotate-secret', world.app.id, '--overlap', '8d'], remote);
    expect(tooLong).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: Overlap must be between none and 7 days\n' });
    expect(await runCli(['apps', 'rotate-secret', world.app.id, '--overlap', '8d'], local)).toEqual(tooLong);
    expect(await introspectWith(rotated.client_secret)).toBe(200);
  });

  it('creates tokens with a fixed expiry and lists them with their hint and expiry, the same either way', async () => {
    const fixed = await runJson(['tokens', 'create-site', '--site', world.siteA.id, '--name', 'month', '--scope', 'sites:read', '--expires-in', '30'], remote);
    expect(fixed.token).toMatchObject({ expiry: 'fixed', expired: false, displayHint: `gth_site_…${fixed.access_token.slice(-4)}` });
    expect(Date.parse(fixed.token.expiresOn) - Date.parse(fixed.token.createdOn)).toBe(30 * 24 * 3600 * 1000);
    const dated = await runJson(
      ['tokens', 'create-site', '--site', world.siteA.id, '--name', 'dated', '--scope', 'sites:read', '--expires-on', dayAhead(10)],
      local,
    );
    expect(dated.token).toMatchObject({ expiry: 'fixed', expiresOn: `${dayAhead(11)}T00:00:00.000Z` });
    const plain = await runJson(['tokens', 'create-site', '--site', world.siteA.id, '--name', 'plain', '--scope', 'sites:read'], remote);
    expect(plain.token.expiry).toBe('inactivity');

    // A token made before hints were kept.
    await server.runtime.ctx.db.updateTable('access_tokens').set({ display_hint: null }).where('id', '=', plain.token.id).execute();
    const list = await runJson(['tokens', 'list', '--site', world.siteA.id], remote);
    expect(list).toEqual(await runJson(['tokens', 'list', '--site', world.siteA.id], local));
    expect(list.tokens.map((t: { displayHint: string | null }) => t.displayHint)).toEqual([fixed.token.displayHint, dated.token.displayHint, null]);
    const text = (await runCli(['tokens', 'list', '--site', world.siteA.id], remote)).stdout;
    expect(text).toContain(`${fixed.token.displayHint}  month`);
    expect(text).toContain(`expires ${fixed.token.expiresOn}`);
    expect(text).toContain('(no hint: made before hints were kept)  plain');
    expect(text).not.toContain(fixed.access_token);

    const wrong = await runCli(['tokens', 'create-site', '--site', world.siteA.id, '--name', 'x', '--scope', 'sites:read', '--expires-in', '400'], remote);
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: Expiry must be 1 to 365 days\n' });
    expect(await runCli(['tokens', 'create-site', '--site', world.siteA.id, '--name', 'x', '--scope', 'sites:read', '--expires-in', '400'], local)).toEqual(
      wrong,
    );
  });
});

/** The UTC date `days` from today, as YYYY-MM-DD. */
const dayAhead = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
