import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseClient, GatehouseError, type Site } from '../../src/index.js';
import { demoAccessToken } from '../support/consent-flow.js';
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse-process.js';

const SCOPES = ['sites:read', 'sites:write', 'authorized_user:read', 'comments:read', 'forms:read', 'workspace:read', 'workspace_activity:read'];

describe('SDK Data API calls against a running Gatehouse', () => {
  let gatehouse: RunningGatehouse;
  let api: GatehouseClient;
  let marketing: Site;
  let hookReceiver: Server;
  let hookUrl: string;

  beforeAll(async () => {
    hookReceiver = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => hookReceiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookReceiver.address() as AddressInfo).port}/hook`;
    gatehouse = await startGatehouse();
    const client = new GatehouseClient({
      baseUrl: gatehouse.url,
      clientId: gatehouse.demo.clientId,
      clientSecret: gatehouse.demo.clientSecret,
      retry: { maxDelayMs: 1_000 },
    });
    const token = await demoAccessToken(gatehouse, client, { scope: SCOPES, target: 'workspace' });
    api = client.withAccessToken(token.accessToken);
    marketing = (await api.sites.list()).sites.find((s) => s.shortName === 'marketing')!;
  });
  afterAll(async () => {
    await gatehouse?.stop();
    await new Promise((resolve) => hookReceiver?.close(resolve));
  });

  it('token.introspect and authorizedBy describe the authorization and its user', async () => {
    const info = await api.token.introspect();
    expect(info.application.displayName).toBe('Demo App');
    expect(info.authorization.authorizedTo.workspaceIds).toHaveLength(1);
    expect(info.authorization.scope.split(/[,\s]+/).sort()).toEqual([...SCOPES].sort());
    expect(await api.authorizedBy()).toMatchObject({ email: gatehouse.demo.email, firstName: 'Demo' });
    expect(await api.token.authorizedBy()).toMatchObject({ email: gatehouse.demo.email });
  });

  it('sites.list, sites.get and sites.customDomains read the demo sites', async () => {
    const { sites } = await api.sites.list();
    expect(sites.map((s) => s.displayName).sort()).toEqual(['Docs Site', 'Marketing Site']);
    expect(await api.sites.get(marketing.id)).toMatchObject({ id: marketing.id, displayName: 'Marketing Site', timeZone: 'America/New_York' });
    const { customDomains } = await api.sites.customDomains(marketing.id);
    expect(customDomains.map((d) => d.url)).toEqual(['www.example.com']);
  });

  it('sites.publish is accepted once, then the per-site limit answers 429 with Retry-After', async () => {
    const published = await api.sites.publish(marketing.id, { publishToWebflowSubdomain: true });
    expect(published.publishToWebflowSubdomain).toBe(true);
    const err = await api.sites.publish(marketing.id, { publishToWebflowSubdomain: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect(err).toMatchObject({ status: 429, code: 'too_many_requests' });
    expect((err as GatehouseError).retryAfterSeconds).toBeGreaterThan(1);
  });

  it('webhooks.create, list, get and remove manage a webhook', async () => {
    const created = await api.webhooks.create(marketing.id, { triggerType: 'form_submission', url: hookUrl, filter: { name: 'Contact' } });
    expect(created).toMatchObject({ triggerType: 'form_submission', url: hookUrl, siteId: marketing.id });
    expect((await api.webhooks.list(marketing.id)).webhooks.map((w) => w.id)).toContain(created.id);
    expect(await api.webhooks.get(created.id)).toMatchObject({ id: created.id, filter: { name: 'Contact' } });
    await api.webhooks.remove(created.id);
    await expect(api.webhooks.get(created.id)).rejects.toMatchObject({ status: 404, code: 'resource_not_found' });
  });

  it('comments.listThreads, getThread and listReplies read the demo comments', async () => {
    const threads = await api.comments.listThreads(marketing.id, { limit: 10, sortBy: 'createdOn', sortOrder: 'asc' });
    expect(threads.pagination).toMatchObject({ limit: 10, offset: 0, total: 1 });
    const thread = threads.comments[0]!;
    expect(await api.comments.getThread(marketing.id, thread.id)).toMatchObject({ id: thread.id, content: thread.content });
    const replies = await api.comments.listReplies(marketing.id, thread.id);
    expect(replies.comments).toHaveLength(1);
    expect(replies.comments[0]!.commentId).toBe(thread.id);
  });

  it('workspaces.list and workspaces.auditLogs read the workspace', async () => {
    const { workspaces } = await api.workspaces.list();
    expect(workspaces).toHaveLength(1);
    const log = await api.workspaces.auditLogs(workspaces[0]!.id, { limit: 5 });
    expect(log.pagination.limit).toBe(5);
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items[0]).toHaveProperty('eventType');
  });

  it('errors carry the Data API code: 404 resource_not_found, 403 missing_scopes', async () => {
    await expect(api.sites.get('0'.repeat(24))).rejects.toMatchObject({ status: 404, code: 'resource_not_found' });
    const client = new GatehouseClient({ baseUrl: gatehouse.url, clientId: gatehouse.demo.clientId, clientSecret: gatehouse.demo.clientSecret });
    const narrow = await demoAccessToken(gatehouse, client, { scope: ['sites:read'], target: { sites: ['Docs Site'] } });
    const err = await client
      .withAccessToken(narrow.accessToken)
      .comments.listThreads(marketing.id)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'missing_scopes' });
    expect((err as GatehouseError).message).toContain('comments:read');
  });
});
