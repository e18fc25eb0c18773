import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProjectsApi } from '../api/projects-api.js';
import { GatehouseAdmin } from '../gatehouse/admin-client.js';
import { createLoginProvider } from '../login/login-provider.js';
import { createPlannerApp } from '../planner/planner-app.js';
import { Product, type Organization, type User } from '../product/product.js';
import { startGatehouse } from './gatehouse-process.js';
import { close, freePort, listen } from './loopback.js';

export interface Demo {
  urls: { gatehouse: string; login: string; api: string; planner: string };
  /** The product's demo users and their passwords (made for this run). */
  logins: Array<{ email: string; password: string; role: string }>;
  product: Product;
  admin: GatehouseAdmin;
  /** The backend's admin API key (`admin:write`), made for this run. */
  adminKey: string;
  organization: Organization;
  stop(): Promise<void>;
}

const password = () => randomBytes(9).toString('base64url');

/**
 * Everything, on free loopback ports: Gatehouse with the product's catalogue, the product's login (the
 * upstream OpenID provider), the projects API and Planner, with demo data provisioned into Gatehouse.
 */
export async function startDemo({ output = 'inherit' }: { output?: 'inherit' | 'ignore' } = {}): Promise<Demo> {
  const [gatehousePort, loginPort, apiPort, plannerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const urls = {
    gatehouse: `http://127.0.0.1:${gatehousePort}`,
    login: `http://127.0.0.1:${loginPort}`,
    api: `http://127.0.0.1:${apiPort}`,
    planner: `http://127.0.0.1:${plannerPort}`,
  };
  // Gatehouse's client registration at the product's login.
  const loginClient = { clientId: 'gatehouse', clientSecret: randomBytes(32).toString('base64url') };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'projects-api-'));
  const gatehouse = await startGatehouse({ port: gatehousePort, dataDir, login: { issuer: urls.login, ...loginClient }, output });
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const admin = new GatehouseAdmin(gatehouse.url, gatehouse.adminKey);
    const product = new Product(admin);

    // The product's own organization in Gatehouse holds the apps: the API (which introspects tokens with its
    // credentials) and, for this demo, Planner, as if its developer had registered it.
    const operator = await product.addUser({ email: 'ops@acme.example', firstName: 'Acme', lastName: 'Operations', password: password() });
    const platform = await product.addOrganization('Acme platform', operator);
    const apiApp = await admin.createApp('app-projects-api', platform.gatehouseId, {
      name: 'Acme Projects API',
      homepage: 'https://acme.example',
      redirectUris: [`${urls.api}/`],
      scopes: ['projects:read', 'projects:write', 'projects:manage'],
    });
    const plannerApp = await admin.createApp('app-planner', platform.gatehouseId, {
      name: 'Planner',
      description: 'Plans your week from your Acme projects',
      homepage: 'https://planner.example',
      redirectUris: [`${urls.planner}/callback`],
      scopes: ['projects:read'],
      // Public: members of every organization may install it, not only of the one that registered it.
      isPublic: true,
    });

    const logins = [
      { email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace', password: password(), role: 'admin' as const },
      { email: 'grace@acme.example', firstName: 'Grace', lastName: 'Hopper', password: password(), role: 'member' as const },
    ];
    const people: User[] = [];
    for (const { role: _role, ...person } of logins) people.push(await product.addUser(person));
    const organization = await product.addOrganization('Umbrella Org', people[0]!);
    await product.addMember(organization, people[1]!, 'member');
    for (const name of ['Website redesign', 'Mobile app', 'Annual report']) await product.createProject(organization, name);

    const servers: Server[] = [
      await listen(
        createLoginProvider(product, {
          issuer: urls.login,
          gatehouse: { ...loginClient, redirectUri: `${urls.gatehouse}/login/upstream/acme-login/callback` },
        }),
        loginPort,
      ),
      await listen(createProjectsApi(product, { gatehouseUrl: urls.gatehouse, ...apiApp }), apiPort),
      await listen(
        createPlannerApp({
          gatehouseUrl: urls.gatehouse,
          projectsApiUrl: urls.api,
          ...plannerApp,
          redirectUri: `${urls.planner}/callback`,
          scopes: ['projects:read'],
        }),
        plannerPort,
      ),
    ];

    return {
      urls,
      logins: logins.map(({ email, password, role }) => ({ email, password, role })),
      product,
      admin,
      adminKey: gatehouse.adminKey,
      organization,
      async stop() {
        for (const server of servers) server.closeAllConnections();
        await Promise.all(servers.map(close));
        await gatehouse.stop();
        removeData();
      },
    };
  } catch (error) {
    // A failed start leaves nothing running behind it.
    await gatehouse.stop();
    removeData();
    throw error;
  }
}
