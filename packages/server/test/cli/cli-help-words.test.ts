import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpInCatalogueWords } from '../../src/cli/help-words.js';
import { buildProgram } from '../../src/cli/program.js';
import { loadCatalogue } from '../../src/config/catalogue-file.js';
import { inLevelWords } from '../../src/oauth/level-words.js';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';
import { runCli } from './spawn-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
/** The built-in words as prose: not inside `--site`, `site_id`, `/sites/` or `workspace:read`. */
const BUILT_IN = /(?<![-_/:.\w])(workspaces?|sites?|webflow)(?![-_:\w])/i;

function descriptions(command: Command, path = 'gatehouse'): Array<[string, string]> {
  return [
    [path, command.description()] as [string, string],
    ...command.options.map((o) => [`${path} ${o.flags}`, o.description] as [string, string]),
    ...command.registeredArguments.map((a) => [`${path} <${a.name()}>`, a.description] as [string, string]),
    ...command.commands.flatMap((c) => descriptions(c, `${path} ${c.name()}`)),
  ];
}

/** docs/own-api.md, "Where the words appear": `gatehouse --help` in the configured catalogue's words. */
describe('gatehouse --help with a catalogue of its own', () => {
  it('describes every command, option and argument without the built-in level words', () => {
    const program = helpInCatalogueWords(buildProgram(), loadCatalogue(EXAMPLE));
    const wrong = descriptions(program).filter(([, text]) => BUILT_IN.test(text));
    expect(wrong).toEqual([]);
    expect(program.description()).toContain('Acme Projects');
  });

  it('keeps the preset help as it was', () => {
    const program = helpInCatalogueWords(buildProgram(), WEBFLOW_CATALOGUE);
    expect(descriptions(program)).toEqual(descriptions(buildProgram()));
  });

  it('keeps names a program reads, and the case of each word', () => {
    const acme = loadCatalogue(EXAMPLE);
    expect(inLevelWords(acme, 'A site token, a workspace')).toBe('A project token, an organization');
    expect(inLevelWords(acme, 'Sites of a workspace; pass --site or site_id, see /sites/ and workspace:read')).toBe(
      'Projects of an organization; pass --site or site_id, see /sites/ and workspace:read',
    );
  });

  it('prints the configured words from the spawned command', async () => {
    const help = await runCli(['sites', 'create', '--help'], { GATEHOUSE_CONFIG: EXAMPLE });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Create a project in an organization');
    expect(help.stdout).toContain('--workspace <id-or-slug>');
    const top = await runCli(['--help'], { GATEHOUSE_CONFIG: EXAMPLE });
    expect(top.stdout).toContain('Acme Projects authorization server');
    expect(top.stdout).not.toMatch(/Webflow/);
  });
});
