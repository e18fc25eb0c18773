import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken } from '../../../src/platform/tokens/api-tokens.js';
import { rotateClientSecret } from '../../../src/platform/apps/client-secret-rotation.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer } from '../../support/oauth-token.js';

describe.each(backends())('GET /gatehouse/v1/workspaces/{id}/audit_events on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'ci', scopes: ['sites:read'], actor: { id: w.admin.id, email: w.admin.email } });
    await rotateClientSecret(t.runtime.ctx, w.app.id, { id: w.admin.id, email: w.admin.email });
    ({ token } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'audit', scopes: ['workspace_activity:read'] }));
  });
  afterAll(() => t.close());

  it("serves Gatehouse's own events, under Gatehouse's names, that Webflow's audit log leaves out", async () => {
    const res = await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.workspace.slug}/audit_events?sortOrder=asc`, headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const kinds = res.json().events.map((e: { eventType: string; eventSubType: string }) => `${e.eventType}/${e.eventSubType}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'app_management/app_created',
        'access_token/site_token_created',
        'app_management/client_secret_rotated',
        'access_token/workspace_token_created',
        'workspace_membership/member_added',
      ]),
    );
    const webflow = (await t.app.inject({ url: `/v2/workspaces/${w.workspace.id}/audit_logs`, headers: bearer(token) })).json();
    expect(
      webflow.items
        .map((i: { eventType: string }) => i.eventType)
        .every((type: string) => ['workspace_membership', 'workspace_setting', 'user_access'].includes(type)),
    ).toBe(true);
    expect(webflow.pagination.total).toBeLessThan(res.json().pagination.total);
    const site = (
      await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.workspace.id}/audit_events?siteId=${w.siteA.id}&eventType=access_token`, headers: bearer(token) })
    ).json();
    expect(site.events).toEqual([
      expect.objectContaining({
        eventType: 'access_token',
        eventSubType: 'site_token_created',
        siteId: w.siteA.id,
        actor: { id: w.admin.id, email: w.admin.email },
        workspaceId: w.workspace.id,
      }),
    ]);
  });

  it('needs workspace_activity:read and the whole workspace, with the Data API error body', async () => {
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteB.id, { name: 'x', scopes: ['sites:read'] });
    const refused = await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.workspace.id}/audit_events`, headers: bearer(siteToken) });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'missing_scopes']);
    const other = await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.otherWorkspace.id}/audit_events`, headers: bearer(token) });
    expect([other.statusCode, other.json()]).toEqual([404, { code: 'resource_not_found', message: expect.any(String), externalReference: null, details: [] }]);
    expect((await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.workspace.id}/audit_events` })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document with its own schema and scope', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const op = doc.paths['/gatehouse/v1/workspaces/{workspace_id_or_slug}/audit_events'].get;
    expect(op.tags).toEqual(['Gatehouse']);
    expect(op.security).toContainEqual({ oauth2: ['workspace_activity:read'] });
    const items = op.responses['200'].content['application/json'].schema.properties.events.items;
    const event = items.$ref ? doc.components.schemas[items.$ref.split('/').pop()] : items;
    expect(event.title).toBe('GatehouseAuditEvent');
    expect(Object.keys(event.properties)).toEqual(['id', 'timestamp', 'eventType', 'eventSubType', 'actor', 'workspaceId', 'siteId', 'payload']);
    expect(doc.paths['/v2/sites/{site_id}/activity_logs'].get.security).toContainEqual({ oauth2: ['site_activity:read'] });
    expect(doc.paths['/v2/workspaces/{workspace_id_or_slug}/sites'].post.security).toContainEqual({ oauth2: ['workspace:write'] });
  });
});
