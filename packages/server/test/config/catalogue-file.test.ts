import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCatalogue } from '../../src/config/catalogue-file.js';
import { CatalogueFileSchema } from '../../src/config/catalogue-schema.js';
import { ConfigError } from '../../src/config/config.js';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';
import { runCli, tempDir } from '../cli/spawn-cli.js';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = path.join(PACKAGE_DIR, 'gatehouse.config.example.json');
const SHIPPED_SCHEMA = path.join(PACKAGE_DIR, 'gatehouse.config.schema.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;

/** Writes `content` to a fresh file and returns what loading it throws. */
function problemOf(content: unknown, name = 'gatehouse.config.json'): string {
  const file = path.join(tempDir('gatehouse-catalogue-'), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  try {
    loadCatalogue(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(`GATEHOUSE_CONFIG: ${file}: `)).toBe(true);
    return (err as Error).message.slice(`GATEHOUSE_CONFIG: ${file}: `.length);
  }
  throw new Error('the file was accepted');
}

function withChange(change: (config: Record<string, any>) => void): Record<string, any> {
  const config = example();
  change(config);
  return config;
}

describe('the configuration file (GATEHOUSE_CONFIG)', () => {
  it('is the Webflow preset when unset', () => {
    expect(loadCatalogue(undefined)).toBe(WEBFLOW_CATALOGUE);
    expect(loadCatalogue('')).toBe(WEBFLOW_CATALOGUE);
    expect(WEBFLOW_CATALOGUE.webflowDataApi).toBe(true);
  });

  it('reads the shipped example: words, scopes in order, which tokens may carry each', () => {
    const catalogue = loadCatalogue(EXAMPLE);
    expect(catalogue.productName).toBe('Acme Projects');
    expect(catalogue.levels).toEqual({ workspace: { singular: 'organization', plural: 'organizations' }, site: { singular: 'project', plural: 'projects' } });
    expect(catalogue.scopeNames).toEqual(['projects:read', 'projects:write', 'billing:read']);
    expect(catalogue.levelOf('billing:read')).toBe('workspace');
    expect(catalogue.siteTokenScopes).toEqual(['projects:read', 'projects:write']);
    expect(catalogue.workspaceTokenScopes).toEqual(['projects:read', 'billing:read']);
    expect(catalogue.formatScopes(['billing:read', 'projects:read'])).toBe('projects:read billing:read');
    expect(catalogue.webflowDataApi).toBe(false);
    expect(Object.isFrozen(catalogue)).toBe(true);
  });

  it('reads the same catalogue from YAML', () => {
    const file = path.join(tempDir('gatehouse-catalogue-'), 'gatehouse.config.yaml');
    writeFileSync(
      file,
      [
        'product: { name: Acme Projects }',
        'levels:',
        '  workspace: { singular: organization, plural: organizations }',
        '  site: { singular: project, plural: projects }',
        'scopes:',
        '  - { name: "projects:read", group: Projects, level: project, description: See your projects, tokens: [project] }',
      ].join('\n'),
    );
    const catalogue = loadCatalogue(file);
    expect(catalogue.scopeNames).toEqual(['projects:read']);
    expect(catalogue.siteTokenScopes).toEqual(['projects:read']);
  });

  it('is documented with the shipped example, in JSON and in YAML', () => {
    const page = readFileSync(path.join(PACKAGE_DIR, '../../docs/own-api.md'), 'utf8');
    const block = (lang: string) => new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'm').exec(page)![1]!;
    expect(JSON.parse(block('json'))).toEqual(example());
    const { $schema: _schema, ...withoutSchema } = example();
    expect(parseYaml(block('yaml'))).toEqual(withoutSchema);
  });

  it('ships a JSON Schema equal to the one start-up validates with, which a standard validator accepts the example under', () => {
    const shipped = JSON.parse(readFileSync(SHIPPED_SCHEMA, 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...CatalogueFileSchema })));
    const validate = new Ajv2020.default({ allErrors: true }).compile(shipped);
    expect(validate(example())).toBe(true);
    expect(validate(withChange((c) => delete c.product.name))).toBe(false);
  });

  describe('names the file, the field and what is wrong', () => {
    it.each<[string, () => unknown, RegExp]>([
      ['a missing field', () => withChange((c) => delete c.levels.site.plural), /^levels\.site\.plural: is missing/],
      ['a missing section', () => withChange((c) => delete c.scopes), /^scopes: is missing/],
      ['a field of the wrong type', () => withChange((c) => (c.product.name = 42)), /^product\.name: expected string/],
      ['tokens that are not a list', () => withChange((c) => (c.scopes[1].tokens = 'project')), /^scopes\[1\]\.tokens: expected array/],
      ['an unknown field', () => withChange((c) => (c.scopes[0].consent = 'x')), /^scopes\[0\]\.consent: unexpected property/],
      [
        'an unknown level',
        () => withChange((c) => (c.scopes[2].level = 'team')),
        /^scopes\[2\]\.level: "team" is not a level; use "organization" or "project"/,
      ],
      [
        'an unknown level among the tokens',
        () => withChange((c) => (c.scopes[0].tokens = ['project', 'site'])),
        /^scopes\[0\]\.tokens\[1\]: "site" is not a level/,
      ],
      [
        'a duplicate scope',
        () => withChange((c) => (c.scopes[2].name = 'projects:read')),
        /^scopes\[2\]\.name: "projects:read" is already declared by scopes\[0\]/,
      ],
      ['a scope name with a space', () => withChange((c) => (c.scopes[0].name = 'projects read')), /^scopes\[0\]\.name: expected string to match/],
      ['two levels with one name', () => withChange((c) => (c.levels.site.singular = 'organization')), /^levels\.site\.singular: must differ/],
      ['no scopes at all', () => withChange((c) => (c.scopes = [])), /^scopes: expected array length/],
      ['a logo that is not an image', () => withChange((c) => (c.product.logo = 'logo.txt')), /^product\.logo: must be an \.svg/],
      ['a logo that cannot be read', () => withChange((c) => (c.product.logo = 'missing.svg')), /^product\.logo: "missing\.svg" cannot be read \(ENOENT\)/],
      ['something other than an object', () => '[1, 2]', /^\(the whole file\): expected object/],
      ['invalid JSON', () => '{"product": {', /^is not valid JSON: /],
    ])('%s', (_kind, content, expected) => {
      expect(problemOf(content())).toMatch(expected);
    });

    it('invalid YAML, with its line', () => {
      expect(problemOf('product:\n  name: [unclosed\n', 'gatehouse.config.yml')).toMatch(/^is not valid YAML: .*line/);
    });

    it('a file that cannot be read', () => {
      const missing = path.join(tempDir('gatehouse-catalogue-'), 'nothing-here.json');
      expect(() => loadCatalogue(missing)).toThrow(`GATEHOUSE_CONFIG: ${missing}: cannot be read (ENOENT)`);
    });

    it('a file of another kind', () => {
      expect(problemOf('x', 'gatehouse.config.toml')).toBe('the file name must end in .json, .yaml or .yml');
    });

    it('several mistakes at once', () => {
      const problem = problemOf(withChange((c) => ((c.scopes[0].level = 'team'), (c.scopes[1].name = 'projects:read'))));
      expect(problem).toContain('scopes[0].level');
      expect(problem).toContain('scopes[1].name');
    });
  });

  it('stops `gatehouse start` with one line naming the file and field, exit code 2', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gatehouse.config.json');
    writeFileSync(file, JSON.stringify(withChange((c) => (c.scopes[0].level = 'team'))));
    const result = await runCli(['start'], { DATA_DIR: dir, GATEHOUSE_CONFIG: file });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gatehouse: configuration error: GATEHOUSE_CONFIG: ${file}: scopes[0].level: "team" is not a level; use "organization" or "project"\n`,
    );
  });
});
