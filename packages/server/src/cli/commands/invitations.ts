import type { Command } from 'commander';
import type { Invitation } from '../../platform/workspaces/invitations.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface InvitationOptions extends RemoteOptions {
  workspace: string;
}

const line = (i: Invitation) => `${i.id}  ${i.email}  ${i.role}  ${i.status}  expires ${i.expiresOn}${i.delivered ? '' : '  (email not sent)'}`;

/** `invitations create`, `invitations list`, `invitations revoke` (docs/cli.md, "Invitations"). */
export function registerInvitationCommands(program: Command): void {
  const invitations = program.command('invitations').description('Invitations to a workspace, sent by email');

  withRemoteOptions(invitations.command('create'))
    .description('Invite an email address with a role; the invitee accepts from the emailed link')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'who to invite (an account is not needed)')
    .option('--role <role>', 'admin or member', 'member')
    .option('--json', 'print one JSON object')
    .action((opts: InvitationOptions & { email: string; role: string }) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const invitation = await backend.invite(workspace.id, { email: opts.email, role: opts.role });
        return {
          json: { invitation },
          text: [
            invitation.delivered
              ? `Invited ${invitation.email} to ${workspace.slug} as ${invitation.role === 'admin' ? 'an admin' : 'a member'}`
              : `Invitation to ${invitation.email} made, but the email was not sent (see docs/configuration.md, "Email")`,
            `id: ${invitation.id}`,
          ],
        };
      }),
    );

  withRemoteOptions(invitations.command('list'))
    .description('List the pending invitations of a workspace, newest first')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .option('--json', 'print one JSON object')
    .action((opts: InvitationOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const list = await backend.listInvitations(workspace.id);
        return { json: { workspaceId: workspace.id, invitations: list }, text: list.length ? list.map(line) : ['No pending invitations'] };
      }),
    );

  withRemoteOptions(invitations.command('revoke'))
    .description('Revoke a pending invitation by id; its link stops working at once')
    .argument('<id>', 'invitation id (from invitations list)')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .option('--json', 'print one JSON object')
    .action((id: string, opts: InvitationOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        await backend.revokeInvitation(workspace.id, id.trim());
        return { json: { id: id.trim(), workspaceId: workspace.id, revoked: true }, text: [`Revoked invitation ${id.trim()}`] };
      }),
    );
}
