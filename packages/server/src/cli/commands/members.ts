import type { Command } from 'commander';
import type { MembershipChange } from '../../platform/workspaces/workspaces.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface MemberOptions extends RemoteOptions {
  workspace: string;
  email: string;
  role: string;
}

/** A removal or demotion ends what the user granted as an admin (docs/cli.md). */
const endedLine = (ended: MembershipChange) =>
  `Revoked ${ended.authorizationsRevoked} app authorization(s) and ${ended.apiTokensRevoked} API token(s) they granted`;

/** `members add`, `members list`, `members remove`, `members set-role`. */
export function registerMemberCommands(program: Command): void {
  const members = program.command('members').description('Workspace members and their roles');

  withRemoteOptions(members.command('add'))
    .description('Add an existing user to a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'the user')
    .option('--role <role>', 'admin or member', 'member')
    .option('--json', 'print one JSON object')
    .action((opts: MemberOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const user = await backend.user(opts.email);
        await backend.addMember(workspace.id, user.id, opts.role);
        return {
          json: { workspaceId: workspace.id, userId: user.id, role: opts.role },
          text: [`${user.email} is now ${opts.role === 'admin' ? 'an admin' : 'a member'} of ${workspace.slug}`],
        };
      }),
    );

  withRemoteOptions(members.command('list'))
    .description('List the members of a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .option('--json', 'print one JSON object')
    .action((opts: Omit<MemberOptions, 'email' | 'role'>) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const list = await backend.listMembers(workspace.id);
        return { json: { workspaceId: workspace.id, members: list }, text: list.map((m) => `${m.userId}  ${m.email}  ${m.role}`) };
      }),
    );

  withRemoteOptions(members.command('remove'))
    .description('Remove a member (the last admin cannot be removed)')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'the member')
    .option('--json', 'print one JSON object')
    .action((opts: Omit<MemberOptions, 'role'>) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const user = await backend.user(opts.email);
        const ended = await backend.changeMember(workspace.id, user.id, null);
        return {
          json: { workspaceId: workspace.id, userId: user.id, removed: true, ...ended },
          text: [`Removed ${user.email} from ${workspace.slug}`, endedLine(ended)],
        };
      }),
    );

  withRemoteOptions(members.command('set-role'))
    .description("Change a member's role (the last admin cannot be demoted)")
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'the member')
    .requiredOption('--role <role>', 'admin or member')
    .option('--json', 'print one JSON object')
    .action((opts: MemberOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const user = await backend.user(opts.email);
        const ended = await backend.changeMember(workspace.id, user.id, opts.role);
        return {
          json: { workspaceId: workspace.id, userId: user.id, role: opts.role, ...ended },
          text: [`${user.email} is now ${opts.role === 'admin' ? 'an admin' : 'a member'} of ${workspace.slug}`, endedLine(ended)],
        };
      }),
    );
}
