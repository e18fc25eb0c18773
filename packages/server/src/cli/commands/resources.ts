import type { Command } from 'commander';
import { parseScopeList } from '../../oauth/scopes.js';
import { protectedResources, removeProtectedResource, saveProtectedResource } from '../../platform/authorization/protected-resources.js';
import { runCommand, type OutputOptions } from '../run-command.js';

/** `resources list|add|remove`: the protected resources tokens may be bound to (docs/oauth.md, "Resources and audiences"). */
export function registerResourceCommands(program: Command): void {
  const resources = program.command('resources').description('Protected resources (RFC 8707) tokens may be bound to');

  resources
    .command('list')
    .description('List protected resources; the Data API (<PUBLIC_URL>/v2) is always one')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const all = [...(await protectedResources(rt.ctx, rt.config.publicUrl)).values()];
        return { json: { resources: all }, text: all.map((r) => `${r.uri}  ${r.name}  (${r.scopes.length} scopes)`) };
      }),
    );

  resources
    .command('add')
    .description('Register a protected resource, or change the name and scopes of one')
    .argument('<uri>', 'the resource URI clients send as `resource`, e.g. https://mcp.example.com/mcp')
    .requiredOption('--name <name>', 'shown on the consent screen')
    .requiredOption('--scopes <scopes>', 'the scopes it accepts, separated by spaces or commas')
    .option('--json', 'print one JSON object')
    .action((uri: string, opts: OutputOptions & { name: string; scopes: string }) =>
      runCommand(opts, async (rt) => {
        const saved = await saveProtectedResource(rt.ctx, rt.config.publicUrl, { uri, name: opts.name, scopes: parseScopeList(opts.scopes) });
        return { json: { resource: saved }, text: [`Saved ${saved.uri} (${saved.name}): ${saved.scopes.join(' ')}`] };
      }),
    );

  resources
    .command('remove')
    .description('Remove a protected resource; new requests naming it get invalid_target')
    .argument('<uri>', 'the resource URI')
    .option('--json', 'print one JSON object')
    .action((uri: string, opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const removed = await removeProtectedResource(rt.ctx, uri);
        return { json: { uri, removed }, text: [removed ? `Removed ${uri}` : `No protected resource ${uri}`] };
      }),
    );
}
