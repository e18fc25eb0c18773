import { describe, expect, it } from 'vitest';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** docs/cli.md, "Admin API keys": operators are named and removed on the database, and keys list with their prefix. */
describe('gatehouse operators', { timeout: 120_000 }, () => {
  it('grants, lists and revokes the operator role of an account, and refuses an unknown one', async () => {
    const env = { DATA_DIR: tempDir('gatehouse-operators-') };
    await runJson(['users', 'create', '--email', 'Ops@Example.com', '--first-name', 'Opal', '--password', 'a long operator password'], env);
    const granted = await runJson(['operators', 'grant', '--email', 'ops@example.com'], env);
    expect(granted).toEqual({ userId: expect.stringMatching(/^[0-9a-f]{24}$/), email: 'ops@example.com', granted: true, alreadyOperator: false });
    expect(await runJson(['operators', 'grant', '--email', 'ops@example.com'], env)).toMatchObject({ granted: false, alreadyOperator: true });
    expect(await runJson(['operators', 'list'], env)).toEqual({ operators: [{ userId: granted.userId, email: 'ops@example.com', since: expect.any(String) }] });
    expect(await runJson(['operators', 'revoke', '--email', 'ops@example.com'], env)).toMatchObject({ revoked: true });
    expect(await runJson(['operators', 'list'], env)).toEqual({ operators: [] });
    expect(await runCli(['operators', 'grant', '--email', 'nobody@example.com'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gatehouse: User "nobody@example.com" not found\n',
    });
    const key = await runJson(['admin-keys', 'create', '--name', 'ci'], env);
    expect((await runJson(['admin-keys', 'list'], env)).keys).toEqual([expect.objectContaining({ id: key.key.id, prefix: key.admin_key.slice(0, 16) })]);
  });
});
