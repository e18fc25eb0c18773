import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/platform/accounts/users.js';
import { createWorkspace } from '../../../src/platform/workspaces/workspaces.js';
import { createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';
import { adminKeys, adminRequest } from './admin-client.js';

const EXAMPLE = fileURLToPath(new URL('../../../gatehouse.config.example.json', import.meta.url));

/** docs/own-api.md, "Where the words appear": refusals of the admin API and the dashboard speak the catalogue's words. */
describe('error messages with a catalogue of its own', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { GATEHOUSE_CONFIG: EXAMPLE });
    key = (await adminKeys(t.runtime.ctx)).write;
  });
  afterAll(() => t.close());

  it('answers admin API problems in the configured words, keeping codes and field names', async () => {
    const call = adminRequest(t.app);
    const missing = await call(key, 'GET', '/sites/0123456789abcdef01234567');
    expect(missing.json()).toMatchObject({ status: 404, code: 'not_found', detail: 'Project "0123456789abcdef01234567" not found' });
    const owner = await createUser(t.runtime.ctx, { email: 'owner@example.com', password: 'correct horse battery', firstName: 'O', lastName: 'W' });
    const org = await createWorkspace(t.runtime.ctx, { name: 'Site Builders', ownerUserId: owner.id });
    const lastAdmin = await call(key, 'DELETE', `/workspaces/${org.id}/members/${owner.id}`);
    expect(lastAdmin.json().code).toBe('conflict');
    expect(lastAdmin.json().detail).not.toMatch(/workspace/i);
    expect(lastAdmin.json().detail).toMatch(/organization/);
  });

  it('shows dashboard error pages in the configured words', async () => {
    const owner = await createUser(t.runtime.ctx, { email: 'viewer@example.com', password: 'correct horse battery', firstName: 'V', lastName: 'W' });
    const agent = await DashboardAgent.signedIn(t.app, t.runtime.ctx, owner.id);
    const page = await agent.get('/workspaces/0123456789abcdef01234567');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Organization not found');
    expect(page.body).not.toContain('Workspace not found');
  });
});
