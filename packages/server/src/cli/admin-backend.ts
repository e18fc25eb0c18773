import type { ApiToken, ExpiryChoice } from '../platform/tokens/api-tokens.js';
import type { Rotation } from '../platform/apps/client-secret-rotation.js';
import type { App, AppFields } from '../platform/apps/apps.js';
import type { SiteDeletion } from '../platform/sites/site-deletion.js';
import type { Site } from '../platform/sites/sites.js';
import type { User } from '../platform/accounts/users.js';
import type { Invitation } from '../platform/workspaces/invitations.js';
import type { Member, MembershipChange, Workspace } from '../platform/workspaces/workspaces.js';

/**
 * What the provisioning commands do, whichever way they reach Gatehouse (docs/cli.md, "A remote
 * Gatehouse"): `LocalBackend` opens the database and calls the platform functions; `RemoteBackend` calls
 * the admin API. Both answer the same objects, so `--json` prints the same shape either way.
 * Workspaces are named by id or slug, sites by id or short name, users by email, apps by id or client_id.
 */
export interface AdminBackend {
  createUser(input: { email: string; firstName: string; lastName: string; password: string }): Promise<User>;
  listUsers(): Promise<User[]>;
  user(email: string): Promise<User>;

  createWorkspace(input: { name: string; slug?: string | undefined; plan?: string | undefined; ownerUserId: string }): Promise<Workspace>;
  listWorkspaces(): Promise<Workspace[]>;
  workspace(ref: string): Promise<Workspace>;

  addMember(workspaceId: string, userId: string, role: string): Promise<void>;
  listMembers(workspaceId: string): Promise<Member[]>;
  /** `role` null removes the member. */
  changeMember(workspaceId: string, userId: string, role: string | null): Promise<MembershipChange>;

  /** Emails the invitation at once; `delivered` says whether the mail server took it. */
  invite(workspaceId: string, input: { email: string; role: string }): Promise<Invitation>;
  /** Pending invitations, expired ones included, newest first. */
  listInvitations(workspaceId: string): Promise<Invitation[]>;
  revokeInvitation(workspaceId: string, invitationId: string): Promise<void>;

  createSite(workspaceId: string, input: { displayName: string; shortName?: string | undefined; timeZone?: string | undefined }): Promise<Site>;
  /** Every site, or one workspace's, oldest first. */
  listSites(workspaceId?: string): Promise<Site[]>;
  site(ref: string): Promise<Site>;
  deleteSite(siteId: string): Promise<SiteDeletion>;

  createApp(workspaceId: string, fields: AppFields): Promise<{ app: App; clientSecret: string }>;
  /** Every app, or one workspace's: workspace by workspace in slug order, oldest first in each. */
  listApps(workspaceId?: string): Promise<App[]>;
  app(ref: string): Promise<App>;
  /** A new client secret; the current one keeps working for `overlapSeconds` (0: stops at once). */
  rotateSecret(appId: string, overlapSeconds: number): Promise<Rotation>;
  /** Ends a rotation's overlap early; answers the app as it is now. */
  revokePreviousSecret(appId: string): Promise<App>;

  createToken(
    owner: { siteId: string } | { workspaceId: string },
    input: { name: string; scopes: string[] } & ExpiryChoice,
  ): Promise<{ token: string; record: ApiToken }>;
  listTokens(owner: { siteId: string } | { workspaceId: string }): Promise<ApiToken[]>;
  token(id: string): Promise<ApiToken>;
  revokeToken(id: string): Promise<boolean>;
}
