import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminKey } from '../../src/platform/admin/admin-keys.js';
import { createWorld } from '../support/fixtures.js';
import { createTestApp } from '../support/runtime.js';

type Schema = Record<string, unknown>;
type Media = { schema?: Schema; example?: unknown };
type Operation = {
  parameters?: Array<{ name: string; in: string; schema?: Schema; example?: unknown }>;
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
let components: Schema = {};
/** Validates with the document's components alongside, so `#/components/schemas/…` references resolve. */
const check = (schema: Schema, value: unknown): string => {
  const validate = ajv.compile({ ...schema, components });
  return validate(value) ? '' : ajv.errorsText(validate.errors);
};

/** Every schema node below `schema`, with where it is. */
function* nodes(schema: Schema, at: string): Generator<[string, Schema]> {
  yield [at, schema];
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) yield* nodes(child, `${at}.${key}`);
  if (schema.items && typeof schema.items === 'object') yield* nodes(schema.items as Schema, `${at}[]`);
  for (const [i, v] of ((schema.anyOf ?? schema.oneOf ?? []) as Schema[]).entries()) yield* nodes(v, `${at}|${i}`);
}

describe('examples in /openapi.json', () => {
  let close: () => Promise<void>;
  let made: Awaited<ReturnType<typeof createTestApp>>;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas?: Record<string, Schema> } };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));

  beforeAll(async () => {
    made = await createTestApp('sqlite');
    close = made.close;
    doc = (await made.app.inject('/openapi.json')).json();
    components = doc.components as Schema;
  });
  afterAll(async () => close?.());

  it('gives every parameter, request body and response body an example that its own schema accepts', () => {
    let bodies = 0;
    for (const { where, op } of operations()) {
      for (const p of op.parameters ?? []) {
        expect(p.example, `${where} parameter ${p.name}`).not.toBeUndefined();
        expect(check(p.schema ?? {}, p.example), `${where} parameter ${p.name}`).toBe('');
      }
      const media = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => [`request ${type}`, m] as const),
        ...Object.entries(op.responses).flatMap(([status, r]) => Object.entries(r.content ?? {}).map(([type, m]) => [`${status} ${type}`, m] as const)),
      ];
      for (const [what, m] of media) {
        bodies++;
        expect(m.example, `${where} ${what}`).not.toBeUndefined();
        expect(check(m.schema ?? {}, m.example), `${where} ${what}`).toBe('');
      }
    }
    expect(bodies).toBeGreaterThan(60);
  });

  it('gives every schema node, components included, examples that the node accepts', () => {
    const roots: Array<[string, Schema]> = Object.entries(doc.components.schemas ?? {}).map(([name, s]) => [`#/components/schemas/${name}`, s]);
    for (const { where, op } of operations()) {
      for (const p of op.parameters ?? []) if (p.schema) roots.push([`${where} ${p.name}`, p.schema]);
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) if (m.schema) roots.push([`${where} request ${type}`, m.schema]);
      for (const [status, r] of Object.entries(op.responses))
        for (const [type, m] of Object.entries(r.content ?? {})) if (m.schema) roots.push([`${where} ${status} ${type}`, m.schema]);
    }
    let checked = 0;
    for (const [root, schema] of roots) {
      for (const [at, node] of nodes(schema, root)) {
        expect(Array.isArray(node.examples) && node.examples.length > 0, `${at} has examples`).toBe(true);
        expect(check(node, (node.examples as unknown[])[0]), at).toBe('');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  // docs/admin-api.md, "Tokens": expiresInDays and expiresOn together are refused, so no example may give both.
  it('gives the token creates whole examples, one per expiry choice, that the admin API accepts', async () => {
    const world = await createWorld(made.runtime.ctx);
    const { key } = await createAdminKey(made.runtime.ctx, { name: 'examples', scopes: ['admin:write'] });
    const creates = [
      [`/admin/v1/sites/${world.siteA.id}/tokens`, '/admin/v1/sites/{site}/tokens'],
      [`/admin/v1/workspaces/${world.workspace.id}/tokens`, '/admin/v1/workspaces/{workspace}/tokens'],
    ];
    for (const [url, path] of creates) {
      const media = doc.paths[path!]!.post!.requestBody!.content!['application/json']!;
      const examples = media.schema!.examples as Array<Record<string, unknown>>;
      expect(examples.map((e) => ['expiresInDays', 'expiresOn'].filter((k) => k in e))).toEqual([['expiresInDays'], ['expiresOn'], []]);
      expect(media.example).toEqual(examples[0]);
      for (const example of examples) {
        const answer = await made.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload: example });
        expect(answer.statusCode, `${path} ${JSON.stringify(example)}: ${answer.body}`).toBe(201);
        expect(answer.json().token.expiry).toBe('expiresInDays' in example || 'expiresOn' in example ? 'fixed' : 'inactivity');
      }
    }
    const both = await made.app.inject({
      method: 'POST',
      url: creates[0]![0]!,
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'both', scopes: ['sites:read'], expiresInDays: 30, expiresOn: '2099-01-01' },
    });
    expect(both.statusCode).toBe(400);
  });

  it('uses realistic values, never a placeholder such as "string"', () => {
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/"examples":\["string"\]|"example":"string"/);
    const sites = doc.paths['/v2/sites']!.get!.responses['200']!.content!['application/json']!.example as { sites: Array<Record<string, unknown>> };
    expect(sites.sites[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      displayName: 'Marketing Site',
      shortName: 'marketing',
      timeZone: 'America/New_York',
    });
    const unauthorized = doc.paths['/v2/sites']!.get!.responses['401']!.content!['application/json']!.example;
    expect(unauthorized).toMatchObject({ code: 'not_authorized', externalReference: null });
    const token = doc.paths['/oauth/access_token']!.post!.responses['200']!.content!['application/json']!.example;
    expect(token).toMatchObject({ access_token: expect.stringMatching(/^gth_/), token_type: 'bearer' });
  });
});
