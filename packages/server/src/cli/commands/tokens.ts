import type { Command } from 'commander';
import type { ApiToken } from '../../platform/tokens/api-tokens.js';
import { parseScopeList } from '../../oauth/scopes.js';
import { UsageError, collect, describeFields } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface CreateOptions extends RemoteOptions {
  name: string;
  scope: string[];
}

const summary = (t: ApiToken) => `${t.id}  ${t.kind}  ${t.name}  [${t.scopes.join(' ')}]  last used: ${t.lastUsed ?? 'never'}`;

function created(result: { token: string; record: ApiToken }) {
  return {
    json: { token: result.record, access_token: result.token },
    text: [
      ...describeFields({ id: result.record.id, name: result.record.name, scopes: result.record.scopes, access_token: result.token }),
      'The token is shown only now.',
    ],
  };
}

/** `tokens create-site`, `tokens create-workspace`, `tokens list`, `tokens revoke`. Tokens are printed once and stored as digests. */
export function registerTokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('Site and workspace API tokens');

  withRemoteOptions(tokens.command('create-site'))
    .description('Create a site token (at most 5 per site)')
    .requiredOption('--site <id-or-short-name>', 'the site')
    .requiredOption('--name <name>', 'a name to recognise the token by')
    .requiredOption('--scope <scopes>', 'scope(s) (repeatable or space-separated)', collect)
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions & { site: string }) =>
      runAdminCommand(opts, async (backend) => {
        const site = await backend.site(opts.site);
        return created(await backend.createToken({ siteId: site.id }, { name: opts.name, scopes: opts.scope.flatMap(parseScopeList) }));
      }),
    );

  withRemoteOptions(tokens.command('create-workspace'))
    .description('Create a workspace token (workspace-level scopes only; at most 5 per workspace)')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--name <name>', 'a name to recognise the token by')
    .requiredOption('--scope <scopes>', 'scope(s) (repeatable or space-separated)', collect)
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions & { workspace: string }) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        return created(await backend.createToken({ workspaceId: workspace.id }, { name: opts.name, scopes: opts.scope.flatMap(parseScopeList) }));
      }),
    );

  withRemoteOptions(tokens.command('list'))
    .description('List the live tokens of a site or of a workspace')
    .option('--site <id-or-short-name>', 'site tokens of this site')
    .option('--workspace <id-or-slug>', 'workspace tokens of this workspace')
    .option('--json', 'print one JSON object')
    .action(async (opts: RemoteOptions & { site?: string; workspace?: string }) => {
      if (Boolean(opts.site) === Boolean(opts.workspace)) throw new UsageError('tokens list: give exactly one of --site or --workspace');
      await runAdminCommand(opts, async (backend) => {
        const owner = opts.site ? { siteId: (await backend.site(opts.site)).id } : { workspaceId: (await backend.workspace(opts.workspace!)).id };
        const list = await backend.listTokens(owner);
        return { json: { tokens: list }, text: list.length ? list.map(summary) : ['No tokens'] };
      });
    });

  withRemoteOptions(tokens.command('revoke'))
    .description('Revoke a site or workspace token by id')
    .argument('<id>', 'token id (from tokens list)')
    .option('--json', 'print one JSON object')
    .action((id: string, opts: RemoteOptions) =>
      runAdminCommand(opts, async (backend) => {
        const token = await backend.token(id.trim());
        const revoked = await backend.revokeToken(token.id);
        return { json: { id: token.id, revoked, alreadyRevoked: !revoked }, text: [revoked ? `Revoked ${token.id}` : `${token.id} was already revoked`] };
      }),
    );
}
