import { describe, expect, it } from 'vitest';
import { GatehouseClient } from '../../src/index.js';
import { fakeFetch, jsonBody, type FakeAnswer } from '../helpers/fake-fetch.js';
import { ACCESS_TOKEN, BASE, SITE_ID, WORKSPACE_ID, site } from '../helpers/fixtures.js';

const page = { limit: 100, offset: 0, total: 1 };
const webhook = { id: 'w'.repeat(24), triggerType: 'site_publish', url: 'https://example.com/hook', siteId: SITE_ID };

function clientAnswering(answer: FakeAnswer) {
  const fake = fakeFetch([answer]);
  const client = new GatehouseClient({ baseUrl: BASE, accessToken: ACCESS_TOKEN, fetch: fake.fetch });
  return { client, request: () => fake.requests[0]! };
}

type Case = [name: string, call: (c: GatehouseClient) => Promise<unknown>, method: string, path: string, answer: FakeAnswer];

const cases: Case[] = [
  ['token.introspect', (c) => c.token.introspect(), 'GET', '/v2/token/introspect', { json: { authorization: {}, application: {} } }],
  ['token.authorizedBy', (c) => c.token.authorizedBy(), 'GET', '/v2/token/authorized_by', { json: { id: 'u', email: 'a@b.c' } }],
  ['authorizedBy', (c) => c.authorizedBy(), 'GET', '/v2/token/authorized_by', { json: { id: 'u', email: 'a@b.c' } }],
  ['sites.list', (c) => c.sites.list(), 'GET', '/v2/sites', { json: { sites: [site] } }],
  ['sites.get', (c) => c.sites.get(SITE_ID), 'GET', `/v2/sites/${SITE_ID}`, { json: site }],
  ['sites.customDomains', (c) => c.sites.customDomains(SITE_ID), 'GET', `/v2/sites/${SITE_ID}/custom_domains`, { json: { customDomains: [] } }],
  [
    'sites.publish',
    (c) => c.sites.publish(SITE_ID, { publishToWebflowSubdomain: true }),
    'POST',
    `/v2/sites/${SITE_ID}/publish`,
    { status: 202, json: { customDomains: [], publishToWebflowSubdomain: true } },
  ],
  ['webhooks.list', (c) => c.webhooks.list(SITE_ID), 'GET', `/v2/sites/${SITE_ID}/webhooks`, { json: { webhooks: [webhook], pagination: page } }],
  [
    'webhooks.create',
    (c) => c.webhooks.create(SITE_ID, { triggerType: 'site_publish', url: webhook.url }),
    'POST',
    `/v2/sites/${SITE_ID}/webhooks`,
    { status: 201, json: webhook },
  ],
  ['webhooks.get', (c) => c.webhooks.get(webhook.id), 'GET', `/v2/webhooks/${webhook.id}`, { json: webhook }],
  ['webhooks.remove', (c) => c.webhooks.remove(webhook.id), 'DELETE', `/v2/webhooks/${webhook.id}`, { status: 204 }],
  ['comments.listThreads', (c) => c.comments.listThreads(SITE_ID), 'GET', `/v2/sites/${SITE_ID}/comments`, { json: { comments: [], pagination: page } }],
  ['comments.getThread', (c) => c.comments.getThread(SITE_ID, 't1'), 'GET', `/v2/sites/${SITE_ID}/comments/t1`, { json: { id: 't1' } }],
  [
    'comments.listReplies',
    (c) => c.comments.listReplies(SITE_ID, 't1'),
    'GET',
    `/v2/sites/${SITE_ID}/comments/t1/replies`,
    { json: { comments: [], pagination: page } },
  ],
  ['workspaces.list', (c) => c.workspaces.list(), 'GET', '/v2/workspaces', { json: { workspaces: [{ id: WORKSPACE_ID }] } }],
  [
    'workspaces.auditLogs',
    (c) => c.workspaces.auditLogs(WORKSPACE_ID),
    'GET',
    `/v2/workspaces/${WORKSPACE_ID}/audit_logs`,
    { json: { items: [], pagination: page } },
  ],
];

describe('Data API client', () => {
  it.each(cases)('%s sends %s %s with the bearer token and returns the body', async (_name, call, method, path, answer) => {
    const { client, request } = clientAnswering(answer);
    const result = await call(client);
    expect(request().method).toBe(method);
    expect(request().url.pathname).toBe(path);
    expect(request().url.search).toBe('');
    expect(request().headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(result).toEqual(answer.json);
  });

  it('sends the publish and webhook bodies as JSON', async () => {
    const { client, request } = clientAnswering({ status: 201, json: webhook });
    await client.webhooks.create(SITE_ID, { triggerType: 'form_submission', url: webhook.url, filter: { name: 'Contact' } });
    expect(request().headers.get('content-type')).toBe('application/json');
    expect(jsonBody(request())).toEqual({ triggerType: 'form_submission', url: webhook.url, filter: { name: 'Contact' } });
  });

  it('sends pagination and sorting as query parameters, dates as ISO strings', async () => {
    const { client, request } = clientAnswering({ json: { items: [], pagination: page } });
    await client.workspaces.auditLogs('my-workspace', { limit: 10, offset: 20, eventType: 'user_access', from: new Date(0), sortOrder: 'desc' });
    expect(Object.fromEntries(request().url.searchParams)).toEqual({
      limit: '10',
      offset: '20',
      eventType: 'user_access',
      from: '1970-01-01T00:00:00.000Z',
      sortOrder: 'desc',
    });
  });

  it('percent-encodes IDs so that one cannot change the path', async () => {
    const { client, request } = clientAnswering({ json: site });
    await client.sites.get('../workspaces?x=1');
    expect(request().url.pathname).toBe('/v2/sites/..%2Fworkspaces%3Fx%3D1');
  });

  it('keeps a path prefix of the API base URL', async () => {
    const fake = fakeFetch([{ json: { sites: [] } }]);
    await new GatehouseClient({ apiBaseUrl: 'http://127.0.0.1:3999/gatehouse/', accessToken: 'x', fetch: fake.fetch }).sites.list();
    expect(fake.requests[0]!.url.href).toBe('http://127.0.0.1:3999/gatehouse/v2/sites');
  });

  it('withAccessToken keeps the configuration and swaps the token', async () => {
    const fake = fakeFetch([{ json: { sites: [] } }]);
    await new GatehouseClient({ baseUrl: BASE, fetch: fake.fetch }).withAccessToken('other').sites.list();
    expect(fake.requests[0]!.headers.get('authorization')).toBe('Bearer other');
  });

  it('refuses Data API calls without an access token', async () => {
    await expect(new GatehouseClient({ baseUrl: BASE }).sites.list()).rejects.toThrow(/accessToken/);
  });
});
