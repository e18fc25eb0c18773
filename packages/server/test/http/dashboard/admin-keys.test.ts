import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantOperator, revokeOperator } from '../../../src/platform/admin/deployment-operators.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { adminRequest } from '../admin/admin-client.js';
import { DashboardAgent } from './dashboard-agent.js';

const valueOf = (body: string) => /id="new-token" type="text" readonly value="(gth_admin_[^"]+)"/.exec(body)?.[1];

/**
 * docs/dashboard.md, "Admin API keys": deployment operators create (value shown once), list and revoke the
 * deployment's admin API keys; nobody else may, whatever their workspace role (ADR 0026).
 */
describe.each(backends())('admin API keys in the dashboard on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let operator: DashboardAgent;
  let call: ReturnType<typeof adminRequest>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    await grantOperator(t.runtime.ctx, w.member.email);
    operator = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.member.id);
    call = adminRequest(t.app);
  });
  afterAll(() => t.close());

  it('refuses everyone who is not an operator, a workspace admin included, and shows them no link', async () => {
    const admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
    expect((await admin.get('/')).body).not.toContain('href="/admin-keys"');
    const page = await admin.get('/admin-keys');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Only deployment operators can manage admin API keys');
    expect((await admin.post('/admin-keys', { name: 'sneaky', scopes: 'admin:write' })).statusCode).toBe(403);
    expect(await t.runtime.ctx.db.selectFrom('admin_api_keys').select('id').where('name', '=', 'sneaky').execute()).toEqual([]);
    expect((await new DashboardAgent(t.app).get('/admin-keys')).statusCode).toBe(303);
  });

  it('creates a key with the chosen scopes, shows it once, lists it with its prefix and last use, and the key works', async () => {
    expect((await operator.get('/')).body).toContain('href="/admin-keys"');
    const made = await operator.post('/admin-keys', { name: 'billing backend', scopes: ['admin:read'] });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe('/admin-keys');
    const shown = await operator.get('/admin-keys');
    const value = valueOf(shown.body)!;
    expect(value).toMatch(/^gth_admin_[A-Za-z0-9_-]{43}$/);
    expect(shown.body).toContain('Copy it now.');
    const again = await operator.get('/admin-keys');
    expect(valueOf(again.body)).toBeUndefined();
    expect(again.body).not.toContain(value);
    expect(again.body).toContain('billing backend');
    expect(again.body).toContain(`<code>${value.slice(0, 16)}…</code>`);
    expect(again.body).toContain('<code>admin:read</code>');

    expect((await call(value, 'GET', '/users')).statusCode).toBe(200);
    expect((await call(value, 'POST', '/users', { email: 'nope@example.com', firstName: 'No' })).statusCode).toBe(403);
    const used = await operator.get('/admin-keys');
    const row = /<tr><td class="lead">billing backend<\/td>[\s\S]*?<\/tr>/.exec(used.body)![0];
    expect(row).toMatch(/Last used"><time datetime="\d{4}-/);

    const events = await t.runtime.ctx.db.selectFrom('audit_events').selectAll().where('event_sub_type', '=', 'admin_key_created').execute();
    const mine = events.find((e) => JSON.parse(e.payload).name === 'billing backend')!;
    expect(mine).toMatchObject({ actor_user_id: w.member.id, actor_email: w.member.email, workspace_id: null });
    expect(mine.payload).not.toContain(value);
  });

  it('refuses a key without a name or a scope, saying which field is wrong', async () => {
    const res = await operator.post('/admin-keys', { name: '', scopes: [] });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The key was not created.');
    expect(res.body).toContain('Key name must be 1 to 100 characters');
    const unknown = await operator.post('/admin-keys', { name: 'odd', scopes: ['admin:everything'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Unknown admin scopes: admin:everything');
  });

  it('revokes a key after a confirmation step; it stops working at once, and the revocation is audited', async () => {
    await operator.post('/admin-keys', { name: 'short-lived', scopes: ['admin:write'] });
    const value = valueOf((await operator.get('/admin-keys')).body)!;
    const id = (await t.runtime.ctx.db.selectFrom('admin_api_keys').select('id').where('name', '=', 'short-lived').executeTakeFirstOrThrow()).id;
    expect((await call(value, 'GET', '/workspaces')).statusCode).toBe(200);
    const confirm = await operator.get(`/admin-keys/${id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Revoke this admin API key?');
    expect(confirm.body).toContain('“short-lived” stops working');
    // Only the confirmation's POST revokes.
    expect((await call(value, 'GET', '/workspaces')).statusCode).toBe(200);
    const done = await operator.post(`/admin-keys/${id}/revoke`);
    expect(done.headers.location).toBe('/admin-keys?done=admin-key-revoked');
    expect((await operator.get(done.headers.location as string)).body).toContain('Admin API key revoked.');
    expect((await call(value, 'GET', '/workspaces')).statusCode).toBe(401);
    expect((await operator.get(`/admin-keys/${id}/revoke`)).statusCode).toBe(404);
    expect((await operator.post(`/admin-keys/${id}/revoke`)).statusCode).toBe(404);
    const revoked = await t.runtime.ctx.db.selectFrom('audit_events').selectAll().where('event_sub_type', '=', 'admin_key_revoked').execute();
    expect(revoked.find((e) => JSON.parse(e.payload).keyId === id)).toMatchObject({ actor_user_id: w.member.id });
  });

  it('ends the operator role at the next request when the CLI takes it away', async () => {
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.outsider.id);
    await grantOperator(t.runtime.ctx, w.outsider.email);
    expect((await agent.get('/admin-keys')).statusCode).toBe(200);
    expect((await revokeOperator(t.runtime.ctx, w.outsider.email)).revoked).toBe(true);
    expect((await agent.get('/admin-keys')).statusCode).toBe(403);
    const kinds = await t.runtime.ctx.db.selectFrom('audit_events').select('event_sub_type').where('event_type', '=', 'admin_access').execute();
    expect(kinds.map((k) => k.event_sub_type)).toEqual(expect.arrayContaining(['operator_granted', 'operator_revoked']));
  });
});
