import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { addMember } from '../../src/platform/workspaces/workspaces.js';
import { createRuntime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { grantOAuthToken } from '../support/oauth-token.js';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** docs/cli.md: `members set-role` and `members remove` end what the user granted, as the dashboard does. */
describe('gatehouse members set-role / remove end grants (spawned)', { timeout: 60_000 }, () => {
  const env = { DATA_DIR: tempDir() };
  const config = parseConfig({ DATA_DIR: env.DATA_DIR, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14' });
  let w: World;
  const ids: string[] = [];

  beforeAll(async () => {
    const runtime = await createRuntime(config);
    w = await createWorld(runtime.ctx);
    await addMember(runtime.ctx, w.workspace.id, w.outsider.id, 'admin');
    for (const user of [w.member, w.outsider]) {
      const grant = await grantOAuthToken(runtime.ctx, { appId: w.app.id, userId: user.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
      const { record } = await createSiteToken(runtime.ctx, w.siteA.id, {
        name: `ci ${user.email}`,
        scopes: ['sites:read'],
        actor: { id: user.id, email: user.email },
      });
      ids.push(grant.tokenId, record.id);
    }
    await runtime.close();
  });

  const revokedIds = async () => {
    const runtime = await createRuntime(config);
    try {
      const rows = await runtime.ctx.db.selectFrom('access_tokens').select(['id', 'revoked_at']).where('id', 'in', ids).execute();
      return rows
        .filter((r) => r.revoked_at !== null)
        .map((r) => r.id)
        .sort();
    } finally {
      await runtime.close();
    }
  };

  it('set-role demotes an admin and revokes their authorization and site token, printing the counts', async () => {
    const out = await runJson(['members', 'set-role', '--workspace', w.workspace.slug, '--email', w.outsider.email, '--role', 'member'], env);
    expect(out).toEqual({ workspaceId: w.workspace.id, userId: w.outsider.id, role: 'member', authorizationsRevoked: 1, apiTokensRevoked: 1 });
    expect(await revokedIds()).toEqual([ids[2], ids[3]].sort());
  });

  it('remove revokes what the member granted there, and says so in text mode', async () => {
    const res = await runCli(['members', 'remove', '--workspace', w.workspace.slug, '--email', w.member.email], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Revoked 1 app authorization(s) and 1 API token(s) they granted');
    expect(await revokedIds()).toEqual([...ids].sort());
  });

  it('refuses to demote the last admin', async () => {
    const res = await runCli(['members', 'set-role', '--workspace', w.workspace.slug, '--email', w.admin.email, '--role', 'member'], env);
    expect(res).toEqual({ code: 1, stdout: '', stderr: 'gatehouse: A workspace needs at least one admin\n' });
  });
});
