import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../src/demo/start-demo.js';
import type { Project } from '../src/product/product.js';

/**
 * The backend keeps Gatehouse in step with the product through the admin API (each create with an
 * Idempotency-Key), and the projects API lets a token do what its scopes and projects allow, no more.
 * Tokens here are Gatehouse's project and organization API tokens, made through the admin API.
 */
describe('examples/projects-api: provisioning and scopes', () => {
  let demo: Demo;
  let website: Project;
  let mobile: Project;

  const admin = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${demo.urls.gatehouse}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${demo.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any>, replayed: res.headers.get('idempotent-replayed') };
  };
  const api = async (token: string, method: string, path: string, body?: object) => {
    const res = await fetch(`${demo.urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '', body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const projectToken = async (project: Project, scopes: string[]) =>
    (await admin('POST', `/sites/${project.gatehouseSiteId}/tokens`, { name: `test ${scopes.join(' ')}`, scopes })).body.accessToken as string;
  const organizationToken = async (scopes: string[]) =>
    (await admin('POST', `/workspaces/${demo.organization.gatehouseId}/tokens`, { name: `test ${scopes.join(' ')}`, scopes })).body.accessToken as string;
  const siteNames = async () =>
    ((await admin('GET', `/workspaces/${demo.organization.gatehouseId}/sites`)).body.sites as Array<{ displayName: string }>).map((s) => s.displayName).sort();

  beforeAll(async () => {
    demo = await startDemo({ output: 'ignore' });
    const byName = Object.fromEntries([...demo.product.projects.values()].map((p) => [p.name, p]));
    website = byName['Website redesign']!;
    mobile = byName['Mobile app']!;
  }, 120_000);
  afterAll(() => demo?.stop());

  it('provisioned the demo users, organization, membership and projects into Gatehouse', async () => {
    expect(await siteNames()).toEqual(['Annual report', 'Mobile app', 'Website redesign']);
    const members = (await admin('GET', `/workspaces/${demo.organization.gatehouseId}/members`)).body.members as Array<{ email: string; role: string }>;
    expect(members.map(({ email, role }) => ({ email, role })).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'ada@acme.example', role: 'admin' },
      { email: 'grace@acme.example', role: 'member' },
    ]);
  });

  it("makes each create at most once: a retried create with the product's key gets the first answer back", async () => {
    const ada = [...demo.product.users.values()].find((u) => u.email === 'ada@acme.example')!;
    const again = await demo.admin.createUser(`create-${ada.id}`, { email: ada.email, firstName: ada.firstName, lastName: ada.lastName });
    expect(again.id).toBe(ada.gatehouseId);
    const site = await admin('POST', `/workspaces/${demo.organization.gatehouseId}/sites`, { displayName: website.name, shortName: website.id });
    expect(site.status, 'without the key, the same create is refused as a duplicate').toBe(409);
  });

  it('reads only the projects a project token reaches, and 404s the others', async () => {
    const token = await projectToken(website, ['projects:read']);
    expect((await api(token, 'GET', '/api/projects')).body).toEqual({ projects: [{ id: website.id, name: 'Website redesign' }] });
    expect((await api(token, 'GET', `/api/projects/${mobile.id}`)).status).toBe(404);
    const organization = await organizationToken(['projects:read']);
    expect(((await api(organization, 'GET', '/api/projects')).body.projects as unknown[]).length).toBe(3);
  });

  it('refuses a missing scope with 403 insufficient_scope naming it, a bad token with 401, a bad name with 400', async () => {
    const reader = await projectToken(website, ['projects:read']);
    const rename = await api(reader, 'PATCH', `/api/projects/${website.id}`, { name: 'Nope' });
    expect(rename.status).toBe(403);
    expect(rename.challenge).toContain('error="insufficient_scope"');
    expect(rename.challenge).toContain('scope="projects:write"');
    expect((await api('gth_site_not-a-token', 'GET', '/api/projects')).challenge).toContain('error="invalid_token"');
    const writer = await projectToken(website, ['projects:read', 'projects:write']);
    expect((await api(writer, 'PATCH', `/api/projects/${website.id}`, { name: ' ' })).status).toBe(400);
    const create = await api(writer, 'POST', '/api/projects', { name: 'Sneaky' });
    expect(create.status, 'projects:manage is an organization-level scope').toBe(403);
    expect(create.challenge).toContain('scope="projects:manage"');
  });

  it('renames in Gatehouse when a project is renamed', async () => {
    const writer = await projectToken(mobile, ['projects:read', 'projects:write']);
    const renamed = await api(writer, 'PATCH', `/api/projects/${mobile.id}`, { name: 'Mobile app v2' });
    expect(renamed.body).toEqual({ id: mobile.id, name: 'Mobile app v2' });
    expect((await admin('GET', `/sites/${mobile.gatehouseSiteId}`)).body.site.displayName).toBe('Mobile app v2');
  });

  it("creates and deletes in Gatehouse as projects come and go; a deleted project's tokens stop working", async () => {
    const manager = await organizationToken(['projects:read', 'projects:manage']);
    const created = await api(manager, 'POST', '/api/projects', { name: 'Roadmap' });
    expect(created.status).toBe(201);
    expect(await siteNames()).toContain('Roadmap');

    const roadmap = demo.product.projects.get(created.body.id as string)!;
    const onlyRoadmap = await projectToken(roadmap, ['projects:read']);
    expect((await api(onlyRoadmap, 'GET', '/api/projects')).status).toBe(200);
    expect((await api(manager, 'DELETE', `/api/projects/${roadmap.id}`)).status).toBe(204);
    expect(await siteNames()).not.toContain('Roadmap');
    expect((await admin('GET', `/sites/${roadmap.gatehouseSiteId}`)).status).toBe(404);
    const after = await api(onlyRoadmap, 'GET', '/api/projects');
    expect(after.status).toBe(401);
    expect(after.challenge).toContain('error="invalid_token"');
  });
});
