import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDocumentedRoute, toOpenApiPath } from '../../src/http/openapi-scope.js';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';

const ALL_SCOPE_NAMES = WEBFLOW_CATALOGUE.scopeNames;
import { TRIGGER_SCOPES } from '../../src/platform/webhooks/webhook-triggers.js';
import { createTestApp } from '../support/runtime.js';
import { registeredRoutes, type RegisteredRoute } from './registered-routes.js';

type Operation = {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description: string }>;
  'x-gatehouse-scopes'?: unknown;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, any> } };

describe('GET /openapi.json', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let doc: Doc;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    ({ app, close } = await createTestApp('sqlite'));
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
    routes = registeredRoutes(app);
  });
  afterAll(async () => close());

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ path, method: m.toUpperCase(), op })));

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every registered route the documented rule covers, and nothing else', () => {
    const expected = routes
      .filter((r) => isDocumentedRoute(r.url, r.method))
      .map((r) => `${r.method} ${toOpenApiPath(r.url)}`)
      .sort();
    const described = operations()
      .map((o) => `${o.method} ${o.path}`)
      .sort();
    expect(expected.length).toBeGreaterThan(15);
    expect(described).toEqual([...new Set(expected)]);
  });

  it('gives every operation a summary and described responses, including its errors', () => {
    for (const { path, method, op } of operations()) {
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      const statuses = Object.keys(op.responses);
      // The metadata documents are static: they have no failure to describe.
      if (!path.startsWith('/.well-known/'))
        expect(
          statuses.some((s) => s.startsWith('4')),
          `${method} ${path} documents its errors`,
        ).toBe(true);
      for (const s of statuses) expect(op.responses[s]!.description, `${method} ${path} ${s}`).not.toBe('Default Response');
    }
  });

  it('lists every catalogue scope in the OAuth2 authorization-code scheme', () => {
    const flow = doc.components.securitySchemes.oauth2.flows.authorizationCode;
    expect(Object.keys(flow.scopes)).toEqual([...ALL_SCOPE_NAMES]);
    expect(flow.authorizationUrl).toMatch(/\/oauth\/authorize$/);
    expect(flow.tokenUrl).toMatch(/\/oauth\/access_token$/);
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it("gives each /v2 operation its route's declared scopes as the security requirement", () => {
    const v2 = operations().filter((o) => o.path.startsWith('/v2/'));
    expect(v2.length).toBeGreaterThan(10);
    expect(doc.paths['/v2/sites']!.get!.security).toEqual([{ oauth2: ['sites:read'] }, { bearerToken: ['sites:read'] }]);
    expect(doc.paths['/v2/sites/{site_id}/publish']!.post!.security).toContainEqual({ oauth2: ['sites:write'] });
    expect(doc.paths['/v2/token/authorized_by']!.get!.security).toContainEqual({ oauth2: ['authorized_user:read'] });
    expect(doc.paths['/v2/workspaces/{workspace_id_or_slug}/audit_logs']!.get!.security).toContainEqual({ oauth2: ['workspace_activity:read'] });
    for (const { path, method, op } of v2) {
      expect(op.security, `${method} ${path}`).toBeDefined();
      for (const requirement of op.security!) for (const scopes of Object.values(requirement)) for (const s of scopes) expect(ALL_SCOPE_NAMES).toContain(s);
    }
    const webhookScopes = doc.paths['/v2/webhooks/{webhook_id}']!.get!.security!.flatMap((r) => r.oauth2 ?? []);
    expect(new Set(webhookScopes)).toEqual(new Set(Object.values(TRIGGER_SCOPES)));
  });

  it('describes the OAuth endpoints with their bodies and RFC 6749 errors', () => {
    const token = doc.paths['/oauth/access_token']!.post! as Operation & { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(token.requestBody.content)).toEqual(['application/x-www-form-urlencoded', 'application/json']);
    expect(Object.keys(token.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(doc.paths['/oauth/revoke_authorization']!.post!.summary).toMatch(/revoke/i);
  });

  it('leaves out only browser pages and plumbing, which answer with something other than JSON', async () => {
    const plumbing = new Set(['/healthz', '/readyz', '/openapi.json', '/docs/api/json']);
    const left = routes.filter(
      (r) => r.method === 'GET' && !isDocumentedRoute(r.url, r.method) && !r.url.includes(':') && !r.url.includes('*') && !plumbing.has(r.url),
    );
    expect(left.length).toBeGreaterThan(5);
    for (const r of left) {
      const res = await app.inject({ method: 'GET', url: r.url });
      expect(String(res.headers['content-type'] ?? ''), `${r.url} is not an undocumented JSON API`).not.toMatch(/json/);
    }
  });

  it('is also what the reference UI loads', async () => {
    const res = await app.inject('/docs/api/json');
    expect(res.json()).toEqual(doc);
  });
});
