import type { Command } from 'commander';
import { createWorkspace, toWorkspace } from '../../platform/workspaces.js';
import { resolveUser } from '../resolve.js';
import { describeFields, runCommand, type OutputOptions } from '../run-command.js';

interface CreateOptions extends OutputOptions {
  name: string;
  slug?: string;
  plan?: string;
  owner: string;
}

/** `workspaces create`, `workspaces list`. */
export function registerWorkspaceCommands(program: Command): void {
  const workspaces = program.command('workspaces').description('Workspaces (owners of sites, apps and workspace tokens)');

  workspaces
    .command('create')
    .description('Create a workspace; the owner becomes its first admin')
    .requiredOption('--name <name>', 'display name')
    .option('--slug <slug>', 'unique slug (default: from the name)')
    .option('--plan <plan>', 'starter, basic, cms, ecommerce, business or enterprise (sets the API rate limit)', 'cms')
    .requiredOption('--owner <email>', 'email of an existing user')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions) =>
      runCommand(opts, async (rt) => {
        const owner = await resolveUser(rt.ctx, opts.owner);
        const workspace = await createWorkspace(rt.ctx, { name: opts.name, slug: opts.slug, plan: opts.plan, ownerUserId: owner.id });
        return { json: { workspace }, text: describeFields({ id: workspace.id, name: workspace.name, slug: workspace.slug, plan: workspace.plan, admin: owner.email }) };
      }),
    );

  workspaces
    .command('list')
    .description('List every workspace')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const list = (await rt.ctx.db.selectFrom('workspaces').selectAll().orderBy('slug').execute()).map(toWorkspace);
        return { json: { workspaces: list }, text: list.length ? list.map((w) => `${w.id}  ${w.slug}  ${w.name} (${w.plan})`) : ['No workspaces'] };
      }),
    );
}
