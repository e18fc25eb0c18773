import type { Command } from 'commander';
import { addMember, changeMembership, listMembers } from '../../platform/workspaces.js';
import { resolveUser, resolveWorkspace } from '../resolve.js';
import { runCommand, type OutputOptions } from '../run-command.js';

interface MemberOptions extends OutputOptions {
  workspace: string;
  email: string;
  role: string;
}

/** `members add`, `members list`, `members remove`. */
export function registerMemberCommands(program: Command): void {
  const members = program.command('members').description('Workspace members and their roles');

  members
    .command('add')
    .description('Add an existing user to a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'the user')
    .option('--role <role>', 'admin or member', 'member')
    .option('--json', 'print one JSON object')
    .action((opts: MemberOptions) =>
      runCommand(opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx, opts.workspace);
        const user = await resolveUser(rt.ctx, opts.email);
        await addMember(rt.ctx, workspace.id, user.id, opts.role);
        return { json: { workspaceId: workspace.id, userId: user.id, role: opts.role }, text: [`${user.email} is now ${opts.role === 'admin' ? 'an admin' : 'a member'} of ${workspace.slug}`] };
      }),
    );

  members
    .command('list')
    .description('List the members of a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .option('--json', 'print one JSON object')
    .action((opts: Omit<MemberOptions, 'email' | 'role'>) =>
      runCommand(opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx, opts.workspace);
        const list = await listMembers(rt.ctx, workspace.id);
        return { json: { workspaceId: workspace.id, members: list }, text: list.map((m) => `${m.userId}  ${m.email}  ${m.role}`) };
      }),
    );

  members
    .command('remove')
    .description('Remove a member (the last admin cannot be removed)')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--email <address>', 'the member')
    .option('--json', 'print one JSON object')
    .action((opts: Omit<MemberOptions, 'role'>) =>
      runCommand(opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx, opts.workspace);
        const user = await resolveUser(rt.ctx, opts.email);
        await changeMembership(rt.ctx, workspace.id, user.id, null);
        return { json: { workspaceId: workspace.id, userId: user.id, removed: true }, text: [`Removed ${user.email} from ${workspace.slug}`] };
      }),
    );
}
