import type { Command } from 'commander';
import type { ApiToken, ExpiryChoice } from '../../platform/tokens/api-tokens.js';
import { validation } from '../../platform/errors.js';
import { parseScopeList } from '../../oauth/scopes.js';
import { UsageError, collect, describeFields, spokenLevel } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface CreateOptions extends RemoteOptions {
  name: string;
  scope: string[];
  expiresIn?: string;
  expiresOn?: string;
}

/** `--expires-in 30` or `30d`, `--expires-on 2026-12-31`; neither keeps the default, 365 days unused (docs/cli.md, "Secrets and token expiry"). The platform checks the bounds. */
function expiryOf(opts: CreateOptions): ExpiryChoice {
  const choice: ExpiryChoice = {};
  if (opts.expiresIn !== undefined) {
    const match = /^\s*(\d{1,4})\s*d?\s*$/i.exec(opts.expiresIn);
    if (!match) throw validation('expiry', 'Expiry must be a number of days, such as 30 or 30d');
    choice.expiresInDays = Number(match[1]);
  }
  if (opts.expiresOn !== undefined) choice.expiresOn = opts.expiresOn;
  return choice;
}

const expiryText = (t: ApiToken) =>
  t.expired ? `expired ${t.expiresOn}` : t.expiry === 'fixed' ? `expires ${t.expiresOn}` : `expires ${t.expiresOn} unless used (365 days unused)`;

const summary = (t: ApiToken) =>
  `${t.id}  ${spokenLevel(t.kind)}  ${t.displayHint ?? '(no hint: made before hints were kept)'}  ${t.name}  [${t.scopes.join(' ')}]  last used: ${t.lastUsed ?? 'never'}  ${expiryText(t)}`;

function created(result: { token: string; record: ApiToken }) {
  return {
    json: { token: result.record, access_token: result.token },
    text: [
      ...describeFields({
        id: result.record.id,
        name: result.record.name,
        scopes: result.record.scopes,
        expires: expiryText(result.record),
        access_token: result.token,
      }),
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
    .option('--expires-in <days>', 'a fixed lifetime, 1 to 365 days (default: until 365 days unused)')
    .option('--expires-on <date>', 'a fixed last day, YYYY-MM-DD (UTC), at most 365 days ahead')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions & { site: string }) =>
      runAdminCommand(opts, async (backend) => {
        const site = await backend.site(opts.site);
        return created(await backend.createToken({ siteId: site.id }, { name: opts.name, scopes: opts.scope.flatMap(parseScopeList), ...expiryOf(opts) }));
      }),
    );

  withRemoteOptions(tokens.command('create-workspace'))
    .description('Create a workspace token (workspace-level scopes only; at most 5 per workspace)')
    .requiredOption('--workspace <id-or-slug>', 'the workspace')
    .requiredOption('--name <name>', 'a name to recognise the token by')
    .requiredOption('--scope <scopes>', 'scope(s) (repeatable or space-separated)', collect)
    .option('--expires-in <days>', 'a fixed lifetime, 1 to 365 days (default: until 365 days unused)')
    .option('--expires-on <date>', 'a fixed last day, YYYY-MM-DD (UTC), at most 365 days ahead')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions & { workspace: string }) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        return created(
          await backend.createToken({ workspaceId: workspace.id }, { name: opts.name, scopes: opts.scope.flatMap(parseScopeList), ...expiryOf(opts) }),
        );
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
