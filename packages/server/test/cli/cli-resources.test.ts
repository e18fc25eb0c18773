import { describe, expect, it } from 'vitest';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** docs/cli.md, "Protected resources": spawned `gatehouse resources … --json` on a fresh SQLite data dir. */
describe('gatehouse resources', { timeout: 60_000 }, () => {
  const env = { DATA_DIR: tempDir(), PUBLIC_URL: 'https://auth.example.com' };
  const mcp = 'https://mcp.example.com/mcp';

  it('lists the built-in /v2, adds, changes and removes a resource', async () => {
    expect((await runJson(['resources', 'list'], env)).resources).toEqual([
      { uri: 'https://auth.example.com/v2', name: 'Data API', scopes: expect.arrayContaining(['sites:read']) },
    ]);
    expect((await runJson(['resources', 'add', mcp, '--name', 'Sites MCP', '--scopes', 'sites:read,cms:read'], env)).resource).toEqual({
      uri: mcp,
      name: 'Sites MCP',
      scopes: ['cms:read', 'sites:read'],
    });
    await runJson(['resources', 'add', mcp, '--name', 'Sites MCP', '--scopes', 'sites:read'], env);
    expect((await runJson(['resources', 'list'], env)).resources[1]).toEqual({ uri: mcp, name: 'Sites MCP', scopes: ['sites:read'] });
    expect(await runJson(['resources', 'remove', mcp], env)).toEqual({ uri: mcp, removed: true });
    expect(await runJson(['resources', 'remove', mcp], env)).toEqual({ uri: mcp, removed: false });
  });

  it('refuses a bad URI, unknown scopes and the built-in resource with one line and exit 1', async () => {
    for (const args of [
      ['not-a-uri', '--scopes', 'sites:read'],
      [`${mcp}#x`, '--scopes', 'sites:read'],
      [mcp, '--scopes', 'sites:fly'],
      ['https://auth.example.com/v2', '--scopes', 'sites:read'],
    ]) {
      const result = await runCli(['resources', 'add', args[0]!, '--name', 'X', ...args.slice(1), '--json'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^gatehouse: .+\n$/);
    }
  });
});
