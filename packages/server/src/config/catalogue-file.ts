import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type * as Yaml from 'yaml';
import { lazyRequire } from '../lazy-import.js';
import { Catalogue, type ProductLogo, type ScopeInfo, type ScopeLevel } from '../oauth/scopes.js';
import { WEBFLOW_CATALOGUE } from '../oauth/webflow-catalogue.js';
import { CatalogueFileSchema, type CatalogueFile } from './catalogue-schema.js';
import { ConfigError } from './config-error.js';
import type { UpstreamProvider } from './upstream-providers.js';
import { upstreamProvidersFromFile } from './upstream-providers-in-file.js';

/** Only a YAML catalogue file needs it. */
const yaml = lazyRequire<typeof Yaml>('yaml');

const VARIABLE = 'GATEHOUSE_CONFIG';
const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};
const LOGO_MAX_BYTES = 512 * 1024;
/** How many problems one start-up error lists; the rest are found once these are fixed. */
const PROBLEMS_SHOWN = 5;

/** What the file named by GATEHOUSE_CONFIG declares: the catalogue, and the upstream sign-in providers. */
export interface ConfigFile {
  catalogue: Catalogue;
  upstreamProviders: UpstreamProvider[];
}

/** The file named by GATEHOUSE_CONFIG, or the Webflow preset when it is unset (docs/own-api.md, "The configuration file"). */
export function loadCatalogue(file: string | undefined): Catalogue {
  return loadConfigFile(file, process.env).catalogue;
}

/** Reads and checks the whole file; `env` supplies the secrets it names with `clientSecretEnv`. */
export function loadConfigFile(file: string | undefined, env: Record<string, string | undefined>): ConfigFile {
  if (file === undefined || file === '') return { catalogue: WEBFLOW_CATALOGUE, upstreamProviders: [] };
  const fullPath = path.resolve(file);
  const fail = (problems: string[]): never => {
    const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ');
    const more = problems.length > PROBLEMS_SHOWN ? ` (and ${problems.length - PROBLEMS_SHOWN} more)` : '';
    throw new ConfigError(VARIABLE, `${fullPath}: ${shown}${more}`);
  };
  const data = parseFile(fullPath, fail);
  const shapeProblems = problemsOfShape(data);
  if (shapeProblems.length > 0) fail(shapeProblems);
  const definition = data as CatalogueFile;
  const upstream = upstreamProvidersFromFile(definition.upstreamProviders ?? [], env);
  const problems = [...problemsOfMeaning(definition), ...upstream.problems];
  if (problems.length > 0) fail(problems);
  const logo = definition.product.logo === undefined ? undefined : readLogo(path.dirname(fullPath), definition.product.logo, fail);
  return { catalogue: toCatalogue(definition, logo), upstreamProviders: upstream.providers };
}

function parseFile(fullPath: string, fail: (problems: string[]) => never): unknown {
  const extension = path.extname(fullPath).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) fail(['the file name must end in .json, .yaml or .yml']);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (err) {
    return fail([`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return extension === '.json' ? JSON.parse(text) : yaml().parse(text, { prettyErrors: true });
  } catch (err) {
    return fail([`is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`]);
  }
}

/** `/scopes/2/level` → `scopes[2].level`. */
function fieldName(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '') || '(the whole file)';
}

function problemsOfShape(data: unknown): string[] {
  const byField = new Map<string, string>();
  for (const error of Value.Errors(CatalogueFileSchema, data)) {
    const field = fieldName(error.path);
    if (!byField.has(field))
      byField.set(field, error.message === 'Expected required property' ? 'is missing' : error.message.charAt(0).toLowerCase() + error.message.slice(1));
  }
  return [...byField].map(([field, problem]) => `${field}: ${problem}`);
}

/** What the schema cannot say: level names that exist and differ, scope names that appear once. */
function problemsOfMeaning(definition: CatalogueFile): string[] {
  const problems: string[] = [];
  const { site, workspace } = definition.levels;
  if (site.singular === workspace.singular) problems.push(`levels.site.singular: must differ from levels.workspace.singular ("${site.singular}")`);
  const levelNames = `"${workspace.singular}" or "${site.singular}"`;
  const seen = new Map<string, number>();
  definition.scopes.forEach((scope, i) => {
    const first = seen.get(scope.name);
    if (first !== undefined) problems.push(`scopes[${i}].name: "${scope.name}" is already declared by scopes[${first}]`);
    else seen.set(scope.name, i);
    if (levelOf(definition, scope.level) === undefined) problems.push(`scopes[${i}].level: "${scope.level}" is not a level; use ${levelNames}`);
    (scope.tokens ?? []).forEach((level, j) => {
      if (levelOf(definition, level) === undefined) problems.push(`scopes[${i}].tokens[${j}]: "${level}" is not a level; use ${levelNames}`);
    });
  });
  return problems;
}

function levelOf(definition: CatalogueFile, name: string): ScopeLevel | undefined {
  if (name === definition.levels.site.singular) return 'site';
  if (name === definition.levels.workspace.singular) return 'workspace';
  return undefined;
}

function readLogo(directory: string, logo: string, fail: (problems: string[]) => never): ProductLogo {
  const contentType = LOGO_TYPES[path.extname(logo).toLowerCase()];
  if (!contentType) return fail([`product.logo: must be an .svg, .png, .jpg, .webp or .gif file, got "${logo}"`]);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.resolve(directory, logo));
  } catch (err) {
    return fail([`product.logo: "${logo}" cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  if (bytes.length > LOGO_MAX_BYTES) fail([`product.logo: "${logo}" is larger than ${LOGO_MAX_BYTES / 1024} KiB`]);
  return { bytes, contentType };
}

function toCatalogue(definition: CatalogueFile, logo: ProductLogo | undefined): Catalogue {
  const scopes: ScopeInfo[] = definition.scopes.map((scope) => {
    const tokens = new Set((scope.tokens ?? []).map((level) => levelOf(definition, level)));
    return {
      name: scope.name,
      resource: scope.group,
      level: levelOf(definition, scope.level)!,
      description: scope.description,
      siteTokens: tokens.has('site'),
      workspaceTokens: tokens.has('workspace'),
    };
  });
  return new Catalogue({ productName: definition.product.name, logo, levels: definition.levels, scopes, webflowDataApi: false });
}
