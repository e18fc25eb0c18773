import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { addCustomDomain, type Site } from '../../platform/sites/sites.js';
import { resolveSite } from '../resolve.js';
import { UsageError, describeFields, runCommand, spoken, spokenLevel, type OutputOptions } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

/** The confirmation step of `sites delete`: `--yes`, or the site's short name typed at a terminal. */
async function confirmDeletion(site: Site, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  const warning = `sites delete: this deletes ${site.shortName} and ${spoken('ends its site tokens, webhooks and the app authorizations that reach only it')}`;
  if (!process.stdin.isTTY) throw new UsageError(`${warning}; pass --yes to confirm`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const typed = await rl.question(`${warning}.\nType the short name (${site.shortName}) to confirm: `);
    if (typed.trim() !== site.shortName) throw new UsageError('sites delete: not confirmed; nothing was deleted');
  } finally {
    rl.close();
  }
}

interface CreateOptions extends RemoteOptions {
  workspace: string;
  name: string;
  shortName?: string;
  timeZone?: string;
}

/** `sites create`, `sites list`, `sites delete`, `domains add`. */
export function registerSiteCommands(program: Command): void {
  const sites = program.command('sites').description('Sites of a workspace');

  withRemoteOptions(sites.command('create'))
    .description('Create a site in a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--name <name>', 'display name')
    .option('--short-name <name>', 'unique short name (default: from the name)')
    .option('--time-zone <tz>', 'IANA time zone', 'UTC')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const site = await backend.createSite(workspace.id, { displayName: opts.name, shortName: opts.shortName, timeZone: opts.timeZone });
        return {
          json: { site },
          text: describeFields({
            id: site.id,
            name: site.displayName,
            shortName: site.shortName,
            timeZone: site.timeZone,
            [spokenLevel('workspace')]: workspace.slug,
          }),
        };
      }),
    );

  withRemoteOptions(sites.command('list'))
    .description('List sites, of one workspace or of all')
    .option('--workspace <id-or-slug>', 'only this workspace')
    .option('--json', 'print one JSON object')
    .action((opts: RemoteOptions & { workspace?: string }) =>
      runAdminCommand(opts, async (backend) => {
        const list = await backend.listSites(opts.workspace ? (await backend.workspace(opts.workspace)).id : undefined);
        const text = list.map(
          (s) => `${s.id}  ${s.shortName}  ${s.displayName}${s.customDomains.length ? `  (${s.customDomains.map((d) => d.url).join(', ')})` : ''}`,
        );
        return { json: { sites: list }, text: text.length ? text : [spoken('No sites')] };
      }),
    );

  withRemoteOptions(sites.command('delete'))
    .description('Delete a site: its site tokens, webhooks and the authorizations that reach only it end too')
    .requiredOption('--site <id-or-short-name>', 'the site')
    .option('--yes', 'confirm without asking')
    .option('--json', 'print one JSON object')
    .action((opts: RemoteOptions & { site: string; yes?: boolean }) =>
      runAdminCommand(opts, async (backend) => {
        const site = await backend.site(opts.site);
        await confirmDeletion(site, opts.yes);
        const deleted = await backend.deleteSite(site.id);
        return {
          json: { deleted },
          text: describeFields({
            deleted: site.shortName,
            tokensRevoked: deleted.revokedTokenIds.length,
            authorizationsRevoked: deleted.revokedAuthorizationIds.length,
            webhooksRemoved: deleted.removedWebhookIds.length,
          }),
        };
      }),
    );

  const domains = program.command('domains').description('Custom domains of a site');
  domains
    .command('add')
    .description('Add a custom domain to a site')
    .requiredOption('--site <id-or-short-name>', 'the site')
    .requiredOption('--url <hostname>', 'domain name, such as www.example.com')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions & { site: string; url: string }) =>
      runCommand(opts, async (rt) => {
        const site = await resolveSite(rt.ctx, opts.site);
        const domain = await addCustomDomain(rt.ctx, site.id, opts.url);
        return { json: { siteId: site.id, domain }, text: describeFields({ id: domain.id, url: domain.url, [spokenLevel('site')]: site.shortName }) };
      }),
    );
}
