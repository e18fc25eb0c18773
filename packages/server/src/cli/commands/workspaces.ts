import type { Command } from 'commander';
import { describeFields, spoken } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface CreateOptions extends RemoteOptions {
  name: string;
  slug?: string;
  plan?: string;
  owner: string;
}

/** `workspaces create`, `workspaces list`. */
export function registerWorkspaceCommands(program: Command): void {
  const workspaces = program.command('workspaces').description('Workspaces (owners of sites, apps and workspace tokens)');

  withRemoteOptions(workspaces.command('create'))
    .description('Create a workspace; the owner becomes its first admin')
    .requiredOption('--name <name>', 'display name')
    .option('--slug <slug>', 'unique slug (default: from the name)')
    .option('--plan <plan>', 'starter, basic, cms, ecommerce, business or enterprise (sets the API rate limit)', 'cms')
    .requiredOption('--owner <email>', 'email of an existing user')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions) =>
      runAdminCommand(opts, async (backend) => {
        const owner = await backend.user(opts.owner);
        const workspace = await backend.createWorkspace({ name: opts.name, slug: opts.slug, plan: opts.plan, ownerUserId: owner.id });
        return {
          json: { workspace },
          text: describeFields({ id: workspace.id, name: workspace.name, slug: workspace.slug, plan: workspace.plan, admin: owner.email }),
        };
      }),
    );

  withRemoteOptions(workspaces.command('list'))
    .description('List every workspace')
    .option('--json', 'print one JSON object')
    .action((opts: RemoteOptions) =>
      runAdminCommand(opts, async (backend) => {
        const list = await backend.listWorkspaces();
        return { json: { workspaces: list }, text: list.length ? list.map((w) => `${w.id}  ${w.slug}  ${w.name} (${w.plan})`) : [spoken('No workspaces')] };
      }),
    );
}
