import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runCli } from './spawn-cli.js';

function leaves(command: Command, prefix: string[] = []): Array<{ path: string; command: Command }> {
  const subs = command.commands.filter((c) => c.name() !== 'help');
  if (subs.length === 0) return [{ path: prefix.join(' '), command }];
  return subs.flatMap((c) => leaves(c, [...prefix, c.name()]));
}

/** docs/cli.md: the CLI commands, each with help and `--json`. */
const EXPECTED = [
  'start',
  'migrate',
  'seed',
  'users create',
  'users list',
  'workspaces create',
  'workspaces list',
  'members add',
  'members list',
  'members remove',
  'sites create',
  'sites list',
  'domains add',
  'apps create',
  'apps list',
  'apps rotate-secret',
  'tokens create-site',
  'tokens create-workspace',
  'tokens list',
  'tokens revoke',
];

describe('gatehouse --help', () => {
  const all = leaves(buildProgram());

  it('has every command docs/cli.md lists', () => {
    expect(all.map((l) => l.path)).toEqual(expect.arrayContaining(EXPECTED));
  });

  it.each(all.map((l) => [l.path, l.command] as const))('%s has a description, help, and --json unless it is `start`', (path, command) => {
    expect(command.description().length).toBeGreaterThan(10);
    const help = command.helpInformation();
    expect(help).toContain(`Usage: gatehouse ${path}`);
    if (path !== 'start') expect(help).toContain('--json');
  });

  it('prints help and exits 0 as a spawned process', async () => {
    const result = await runCli(['tokens', 'create-site', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: gatehouse tokens create-site [options]');
    expect(result.stdout).toContain('--scope <scopes>');
  });

  it('reports an unknown option as one line on stderr and exits 2', async () => {
    const result = await runCli(['users', 'list', '--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown option '--colour'\n");
    expect(result.stdout).toBe('');
  });
});
