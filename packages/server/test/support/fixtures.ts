import { createApp, type App, type AppFields } from '../../src/platform/apps/apps.js';
import type { PlatformContext } from '../../src/platform/context.js';
import { createSite, type Site } from '../../src/platform/sites/sites.js';
import { createUser, type User } from '../../src/platform/accounts/users.js';
import { addMember, createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'correct horse battery';

export interface World {
  admin: User;
  member: User;
  outsider: User;
  workspace: Workspace;
  otherWorkspace: Workspace;
  siteA: Site;
  siteB: Site;
  otherSite: Site;
  app: App;
  clientSecret: string;
}

const unique = () => randomBytes(4).toString('hex');

/**
 * A small world: an admin and a member of one workspace with two sites, an outsider with a workspace
 * and site of their own, and a confidential app registered in the first workspace.
 */
export async function createWorld(ctx: PlatformContext, app: Partial<AppFields> = {}): Promise<World> {
  const u = unique();
  const admin = await createUser(ctx, { email: `admin-${u}@example.com`, password: PASSWORD, firstName: 'Ada', lastName: 'Admin' });
  const member = await createUser(ctx, { email: `member-${u}@example.com`, password: PASSWORD, firstName: 'Max', lastName: 'Member' });
  const outsider = await createUser(ctx, { email: `outsider-${u}@example.com`, password: PASSWORD, firstName: 'Otto', lastName: 'Outsider' });
  const workspace = await createWorkspace(ctx, { name: `Acme ${u}`, ownerUserId: admin.id });
  await addMember(ctx, workspace.id, member.id, 'member');
  const otherWorkspace = await createWorkspace(ctx, { name: `Other ${u}`, ownerUserId: outsider.id });
  const siteA = await createSite(ctx, { workspaceId: workspace.id, displayName: 'Site A' });
  const siteB = await createSite(ctx, { workspaceId: workspace.id, displayName: 'Site B' });
  const otherSite = await createSite(ctx, { workspaceId: otherWorkspace.id, displayName: 'Other Site' });
  const registered = await createApp(ctx, workspace.id, {
    name: 'Test App',
    description: 'An app for tests',
    homepage: 'https://app.example.com',
    redirectUris: ['https://app.example.com/callback'],
    scopes: ['sites:read', 'sites:write', 'authorized_user:read', 'comments:read', 'workspace:read', 'workspace_activity:read', 'cms:read'],
    ...app,
  });
  return { admin, member, outsider, workspace, otherWorkspace, siteA, siteB, otherSite, app: registered.app, clientSecret: registered.clientSecret };
}
