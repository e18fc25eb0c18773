import { createSiteToken, createWorkspaceToken, getApiToken, listApiTokens, revokeAccessToken } from '../platform/tokens/api-tokens.js';
import { createApp, getApp } from '../platform/apps/apps.js';
import { revokePreviousClientSecret, rotateClientSecret } from '../platform/apps/client-secret-rotation.js';
import type { PlatformContext } from '../platform/context.js';
import { deleteSite } from '../platform/sites/site-deletion.js';
import { createSite, listSites } from '../platform/sites/sites.js';
import { createUser, toUser } from '../platform/accounts/users.js';
import { inviteMember, listPendingInvitations, operatorInviter, revokeInvitation } from '../platform/workspaces/invitations.js';
import { addMember, changeMembership, createWorkspace, listMembers, toWorkspace } from '../platform/workspaces/workspaces.js';
import type { AdminBackend } from './admin-backend.js';
import { allApps, resolveApp, resolveSite, resolveUser, resolveWorkspace } from './resolve.js';

/** The provisioning commands on the database itself (the default: no admin key given). */
export function localBackend(ctx: PlatformContext): AdminBackend {
  return {
    createUser: (input) => createUser(ctx, input),
    listUsers: async () => (await ctx.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser),
    user: (email) => resolveUser(ctx, email),

    createWorkspace: (input) => createWorkspace(ctx, input),
    listWorkspaces: async () => (await ctx.db.selectFrom('workspaces').selectAll().orderBy('slug').execute()).map(toWorkspace),
    workspace: (ref) => resolveWorkspace(ctx, ref),

    addMember: (workspaceId, userId, role) => addMember(ctx, workspaceId, userId, role),
    listMembers: (workspaceId) => listMembers(ctx, workspaceId),
    changeMember: (workspaceId, userId, role) => changeMembership(ctx, workspaceId, userId, role),

    invite: async (workspaceId, input) => (await inviteMember(ctx, workspaceId, input.email, input.role, operatorInviter(null))).invitation,
    listInvitations: (workspaceId) => listPendingInvitations(ctx, workspaceId),
    revokeInvitation: (workspaceId, invitationId) => revokeInvitation(ctx, workspaceId, invitationId, operatorInviter(null)),

    createSite: (workspaceId, input) => createSite(ctx, { workspaceId, ...input }),
    listSites: (workspaceId) => listSites(ctx, workspaceId ? { workspaceIds: [workspaceId] } : {}),
    site: (ref) => resolveSite(ctx, ref),
    deleteSite: (siteId) => deleteSite(ctx, siteId, null),

    createApp: (workspaceId, fields) => createApp(ctx, workspaceId, fields),
    listApps: async (workspaceId) =>
      allApps(ctx, workspaceId ? [workspaceId] : (await ctx.db.selectFrom('workspaces').select('id').orderBy('slug').execute()).map((w) => w.id)),
    app: (ref) => resolveApp(ctx, ref),
    rotateSecret: (appId, overlapSeconds) => rotateClientSecret(ctx, appId, null, { overlapSeconds }),
    revokePreviousSecret: async (appId) => {
      await revokePreviousClientSecret(ctx, appId);
      return getApp(ctx, appId);
    },

    createToken: (owner, input) => ('siteId' in owner ? createSiteToken(ctx, owner.siteId, input) : createWorkspaceToken(ctx, owner.workspaceId, input)),
    listTokens: (owner) => listApiTokens(ctx, owner),
    token: (id) => getApiToken(ctx, id),
    revokeToken: (id) => revokeAccessToken(ctx, id),
  };
}
