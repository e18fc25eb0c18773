import type { Command } from 'commander';
import { addCustomDomain, createSite, listSites } from '../../platform/sites.js';
import { resolveSite, resolveWorkspace } from '../resolve.js';
import { describeFields, runCommand, type OutputOptions } from '../run-command.js';

interface CreateOptions extends OutputOptions {
  workspace: string;
  name: string;
  shortName?: string;
  timeZone?: string;
}

/** `sites create`, `sites list`, `domains add`. */
export function registerSiteCommands(program: Command): void {
  const sites = program.command('sites').description('Sites of a workspace');

  sites
    .command('create')
    .description('Create a site in a workspace')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--name <name>', 'display name')
    .option('--short-name <name>', 'unique short name (default: from the name)')
    .option('--time-zone <tz>', 'IANA time zone', 'UTC')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions) =>
      runCommand(opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx, opts.workspace);
        const site = await createSite(rt.ctx, { workspaceId: workspace.id, displayName: opts.name, shortName: opts.shortName, timeZone: opts.timeZone });
        return { json: { site }, text: describeFields({ id: site.id, name: site.displayName, shortName: site.shortName, timeZone: site.timeZone, workspace: workspace.slug }) };
      }),
    );

  sites
    .command('list')
    .description('List sites, of one workspace or of all')
    .option('--workspace <id-or-slug>', 'only this workspace')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions & { workspace?: string }) =>
      runCommand(opts, async (rt) => {
        const filter = opts.workspace ? { workspaceIds: [(await resolveWorkspace(rt.ctx, opts.workspace)).id] } : {};
        const list = await listSites(rt.ctx, filter);
        const text = list.map((s) => `${s.id}  ${s.shortName}  ${s.displayName}${s.customDomains.length ? `  (${s.customDomains.map((d) => d.url).join(', ')})` : ''}`);
        return { json: { sites: list }, text: text.length ? text : ['No sites'] };
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
        return { json: { siteId: site.id, domain }, text: describeFields({ id: domain.id, url: domain.url, site: site.shortName }) };
      }),
    );
}
