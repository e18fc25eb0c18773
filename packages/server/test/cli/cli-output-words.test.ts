import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './spawn-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
/** The built-in words as prose: not inside `--site`, `site_id`, `/sites/`, `workspace:read` or a command's name (`sites delete:`). */
const BUILT_IN = /(?<![-_/:.\w])(workspaces?|sites?|webflow)(?![-_\w]|:\S| (?:delete|list|create)\b)/i;

/** docs/own-api.md, "Where the words appear": what the commands print, not only their help, says the configured words. */
describe('gatehouse command output with a catalogue of its own', { timeout: 120_000 }, () => {
  it('prints lists, token kinds and the deletion warning in the configured words; names and field keys stay', async () => {
    const env = { DATA_DIR: tempDir(), GATEHOUSE_CONFIG: EXAMPLE };
    const printed: Array<[string, CliResult]> = [];
    const run = async (args: string[], stdin?: string) => {
      const result = await runCli(args, env, stdin === undefined ? {} : { stdin });
      printed.push([args.join(' '), result]);
      return result;
    };
    expect((await run(['workspaces', 'list'])).stdout).toBe('No organizations\n');
    await run(['users', 'create', '--email', 'olga@example.com', '--first-name', 'Olga', '--password-stdin'], 'a long enough password\n');
    await run(['users', 'create', '--email', 'max@example.com', '--first-name', 'Max', '--password-stdin'], 'a long enough password\n');
    expect((await run(['workspaces', 'create', '--name', 'Umbrella Org', '--slug', 'umbrella', '--owner', 'olga@example.com'])).code).toBe(0);
    expect((await run(['sites', 'list', '--workspace', 'umbrella'])).stdout).toBe('No projects\n');
    expect((await run(['sites', 'create', '--workspace', 'umbrella', '--name', 'Apollo', '--short-name', 'apollo'])).code).toBe(0);
    expect((await run(['members', 'add', '--workspace', 'umbrella', '--email', 'max@example.com', '--role', 'member'])).stdout).toBe(
      'max@example.com is now a member of umbrella\n',
    );
    const token = await run(['tokens', 'create-site', '--site', 'apollo', '--name', 'Deploy', '--scope', 'projects:read']);
    expect(token.code).toBe(0);
    const listed = await run(['tokens', 'list', '--site', 'apollo']);
    expect(listed.stdout).toMatch(/^\S+ {2}project {2}/);
    const orgToken = await run(['tokens', 'create-workspace', '--workspace', 'umbrella', '--name', 'Billing', '--scope', 'billing:read']);
    expect(orgToken.code).toBe(0);
    expect((await run(['tokens', 'list', '--workspace', 'umbrella'])).stdout).toMatch(/^\S+ {2}organization {2}/);
    // Not at a terminal and without --yes: the warning says what deleting ends, and nothing is deleted.
    const unconfirmed = await run(['sites', 'delete', '--site', 'apollo']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe(
      'gatehouse: sites delete: this deletes apollo and ends its project tokens, webhooks and the app authorizations that reach only it; pass --yes to confirm\n',
    );
    expect((await run(['sites', 'delete', '--site', 'apollo', '--yes'])).code).toBe(0);
    expect((await run(['sites', 'list', '--workspace', 'umbrella'])).stdout).toBe('No projects\n');
    // A refusal, told by the platform.
    expect((await run(['members', 'remove', '--workspace', 'umbrella', '--email', 'olga@example.com'])).stderr).toBe(
      'gatehouse: An organization needs at least one admin\n',
    );

    const found = printed.flatMap(([command, { stdout, stderr }]) =>
      `${stdout}\n${stderr}`
        .split('\n')
        .filter((line) => BUILT_IN.test(line))
        .map((line) => `${command}: ${line}`),
    );
    expect(found).toEqual([]);
  });

  it('prints the preset words without a catalogue file', async () => {
    const env = { DATA_DIR: tempDir() };
    expect((await runCli(['workspaces', 'list'], env)).stdout).toBe('No workspaces\n');
  });
});
