import type { Catalogue } from '../../oauth/scopes.js';
import type { AuthorizationTarget } from '../../domain.js';
import type { PlatformContext } from '../context.js';
import { PlatformError } from '../errors.js';
import { listSites, type Site } from '../sites/sites.js';
import { canInstallApps } from '../workspaces/workspace-roles.js';
import { getRole, listWorkspacesForUser, type WorkspaceWithRole } from '../workspaces/workspaces.js';

/** The app facts consent rules depend on. */
export interface ConsentApp {
  id: string;
  workspaceId: string;
  restrictToSingleSite: boolean;
  isPublic: boolean;
}

/** What the user picked on the consent screen (docs/webflow-wire.md, "Consent"). */
export interface InstallChoice {
  workspaceId: string;
  target: AuthorizationTarget;
  siteIds: string[];
}

/**
 * Workspace-level scopes reach the workspace itself, so they are granted only with a whole-workspace
 * authorization; a sites authorization leaves them out (docs/oauth.md, "Workspace-level scopes").
 */
export function grantedScopes(catalogue: Catalogue, requested: string[], target: AuthorizationTarget): string[] {
  return target === 'workspace' ? requested : requested.filter((s) => catalogue.levelOf(s) !== 'workspace');
}

/**
 * docs/webflow-wire.md, "Consent" / getting-started FAQ: until an app is public, only members of its own workspace may
 * install it (anywhere they belong).
 */
export async function mayInstall(ctx: PlatformContext, app: ConsentApp, userId: string): Promise<boolean> {
  return app.isPublic || (await getRole(ctx, app.workspaceId, userId)) !== undefined;
}

/** A workspace of the picker with its sites; `canInstall` is false where the user is not an admin. */
export interface PickerOption {
  workspace: WorkspaceWithRole;
  sites: Site[];
  canInstall: boolean;
}

/** Every workspace the user belongs to, each with its sites, for the picker. */
export async function pickerOptions(ctx: PlatformContext, userId: string): Promise<PickerOption[]> {
  const workspaces = await listWorkspacesForUser(ctx, userId);
  return Promise.all(
    workspaces.map(async (workspace) => ({
      workspace,
      sites: await listSites(ctx, { workspaceIds: [workspace.id] }),
      canInstall: canInstallApps(workspace.role),
    })),
  );
}

/** Why a member cannot install, in the catalogue's words. */
export function notAnAdmin(catalogue: Catalogue): string {
  const workspace = catalogue.levels.workspace.singular;
  return `Only ${workspace} admins can install apps, and you are a member of this ${workspace}. Ask one of its admins to install the app, or choose another ${workspace}.`;
}

/**
 * The user's role in the workspace they install into. Inside a PostgreSQL transaction the membership
 * row is share-locked until commit, so a concurrent removal or demotion waits and then revokes what
 * this approval recorded (or, if it committed first, this read sees the new role).
 */
async function installerRole(ctx: PlatformContext, workspaceId: string, userId: string) {
  let query = ctx.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId);
  if (ctx.dialect === 'postgres') query = query.forShare();
  return (await query.executeTakeFirst())?.role;
}

/**
 * docs/webflow-wire.md, "Consent": one whole workspace, or one or more sites of one workspace; exactly one site when the
 * app is restricted to a single site; only workspaces the user administers (docs/oauth.md, "Who may
 * install an app"). Run it inside the transaction that records the grant.
 */
export async function checkInstallChoice(ctx: PlatformContext, app: ConsentApp, userId: string, choice: InstallChoice): Promise<InstallChoice> {
  if (!(await mayInstall(ctx, app, userId)))
    throw new PlatformError('forbidden', 'This app is not public yet: only members of its own workspace can install it.');
  const role = await installerRole(ctx, choice.workspaceId, userId);
  if (role === undefined) throw new PlatformError('forbidden', 'You can only install apps in workspaces you belong to.');
  if (!canInstallApps(role)) throw new PlatformError('forbidden', notAnAdmin(ctx.catalogue));
  const siteIds = [...new Set(choice.siteIds)];
  if (choice.target === 'workspace') {
    if (app.restrictToSingleSite) throw new PlatformError('validation', 'This app can be installed on one site only. Choose a site.');
    return { workspaceId: choice.workspaceId, target: 'workspace', siteIds: [] };
  }
  if (siteIds.length === 0) throw new PlatformError('validation', 'Choose at least one site, or the whole workspace.');
  if (app.restrictToSingleSite && siteIds.length !== 1) throw new PlatformError('validation', 'This app can be installed on one site only.');
  const sites = await listSites(ctx, { siteIds });
  if (sites.length !== siteIds.length || sites.some((s) => s.workspaceId !== choice.workspaceId)) {
    throw new PlatformError('validation', 'Choose sites of the selected workspace only.');
  }
  return { workspaceId: choice.workspaceId, target: 'sites', siteIds };
}
