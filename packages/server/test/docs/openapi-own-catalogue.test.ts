import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiInCatalogueWords } from '../../src/http/openapi-words.js';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';
import { createTestApp } from '../support/runtime.js';

const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
/** The preset's words as prose; paths (`/docs/webflow-wire`), names (`site_id`) and code spans aside. */
const BUILT_IN = /(?<![-_/:.\w])(workspaces?|sites?|webflow)(?![-_\w]|:\S)/i;

/** Every summary, description and title of the document, with where it is; examples are data, not prose. */
function proseOf(node: unknown, at = ''): Array<[string, string]> {
  if (Array.isArray(node)) return node.flatMap((item, i) => proseOf(item, `${at}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]): Array<[string, string]> => {
    if (key === 'example' || key === 'examples') return [];
    if (typeof value === 'string') return ['summary', 'description', 'title'].includes(key) ? [[`${at}.${key}`, value]] : [];
    return proseOf(value, `${at}.${key}`);
  });
}

/** docs/own-api.md, "Where the words appear": the served OpenAPI document describes the admin API in the catalogue's words. */
describe('GET /openapi.json with a catalogue of its own', () => {
  let own: Awaited<ReturnType<typeof createTestApp>>;
  let preset: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    [own, preset] = await Promise.all([createTestApp('sqlite', { GATEHOUSE_CONFIG: EXAMPLE }), createTestApp('sqlite')]);
  });
  afterAll(async () => {
    await own.close();
    await preset.close();
  });

  it('says the configured level words in every summary and description, keeping paths, names and code spans', async () => {
    const doc = (await own.app.inject('/openapi.json')).json();
    const found = proseOf(doc)
      .map(([at, text]) => [at, text.replace(/`[^`]*`/g, '')] as const)
      .filter(([, text]) => BUILT_IN.test(text))
      .map(([at, text]) => `${at}: ${text.slice(0, 120)}`);
    expect(found).toEqual([]);
    expect(doc.paths['/admin/v1/workspaces'].get.summary).toBe('List organizations');
    expect(doc.paths['/admin/v1/workspaces/{workspace}/sites'].get.summary).toBe('List the projects of an organization');
    expect(doc.paths['/admin/v1/workspaces/{workspace}/sites'].get.responses['200'].description).toBe('List the projects of an organization: success');
    expect(doc.paths['/admin/v1/sites/{site}'].delete.description).toContain('Its project tokens, webhooks and the authorizations that reach only it end');
    expect(doc.paths['/oauth/introspect'].post.description).toContain('(OAuth, project or organization)');
    expect(doc.paths['/oauth/authorize'].get.description).toContain('the consent screen with the organization or project picker');
    // Names a program reads stay: paths, parameter names, scope names in code spans.
    expect(Object.keys(doc.paths)).toContain('/admin/v1/sites/{site}/tokens');
    expect(doc.paths['/admin/v1/sites/{site}'].get.parameters[0].name).toBe('site');
    expect(JSON.stringify(doc)).toContain('`admin:write`');
    expect((await new Validator().validate(doc)).errors ?? []).toEqual([]);
  });

  it('serves the preset document as it is', async () => {
    const doc = (await preset.app.inject('/openapi.json')).json();
    expect(openApiInCatalogueWords(WEBFLOW_CATALOGUE, doc)).toBe(doc);
    expect(doc.paths['/admin/v1/workspaces'].get.summary).toBe('List workspaces');
    expect(doc.paths['/admin/v1/workspaces/{workspace}/sites'].get.responses['200'].description).toBe('List the sites of a workspace: success');
    expect(doc.paths['/oauth/access_token'].post.description).toMatch(/^Webflow's token exchange/);
  });
});
