import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';
import { DOCS_DIR } from './doc-blocks.js';

const SCOPES = WEBFLOW_CATALOGUE.scopes;
const WORKSPACE_TOKEN_SCOPES = WEBFLOW_CATALOGUE.workspaceTokenScopes;
const isForbiddenForSiteToken = (scope: string) => !WEBFLOW_CATALOGUE.maySiteTokenCarry(scope);

describe('docs/scopes.md', () => {
  const rows = readFileSync(new URL('scopes.md', DOCS_DIR), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );

  it('lists every scope of the catalogue, in order, and nothing else', () => {
    expect(rows.map((r) => r[0]!.replace(/`/g, ''))).toEqual([...SCOPES.keys()]);
  });

  it('says for each scope what the consent screen says, its level, and which token kinds may hold it', () => {
    for (const [name, resource, level, allows, site, workspace] of rows) {
      const info = SCOPES.get(name!.replace(/`/g, ''))!;
      expect([resource, level, allows]).toEqual([info.resource, info.level, info.description]);
      expect(site).toBe(isForbiddenForSiteToken(info.name) ? 'no' : 'yes');
      expect(workspace).toBe(WORKSPACE_TOKEN_SCOPES.includes(info.name) ? 'yes' : 'no');
    }
  });
});
