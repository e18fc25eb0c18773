import type { Command } from 'commander';
import type { App } from '../../platform/apps/apps.js';
import type { ClientType } from '../../domain.js';
import { parseScopeList } from '../../oauth/scopes.js';
import { overlapSecondsOf } from '../../platform/apps/client-secret-rotation.js';
import { collect, describeFields } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface CreateOptions extends RemoteOptions {
  workspace: string;
  name: string;
  description: string;
  homepage: string;
  logoUrl?: string;
  redirectUri: string[];
  scope: string[];
  singleSite?: boolean;
  public?: boolean;
  clientType?: string;
}

const summary = (app: App) =>
  `${app.id}  ${app.clientId}  ${app.name}  [${app.scopes.join(' ')}]${app.previousSecretExpiresAt ? `  previous secret works until ${app.previousSecretExpiresAt}` : ''}`;

/** `apps create`, `apps list`, `apps rotate-secret`, `apps revoke-previous-secret`. The client secret is printed once and stored sealed. */
export function registerAppCommands(program: Command): void {
  const apps = program.command('apps').description('OAuth apps (Data Clients)');

  withRemoteOptions(apps.command('create'))
    .description('Register an OAuth app; prints its client_id and client_secret')
    .requiredOption('--workspace <id-or-slug>', 'the workspace that owns the app')
    .requiredOption('--name <name>', 'app name shown on the consent screen')
    .option('--description <text>', 'what the app does', '')
    .requiredOption('--homepage <url>', 'https homepage')
    .option('--logo-url <url>', 'https URL of a logo shown on the consent screen')
    .requiredOption('--redirect-uri <uri>', 'redirect URI (repeatable; exact match)', collect)
    .requiredOption('--scope <scopes>', 'scope(s) the app may request (repeatable or space-separated)', collect)
    .option('--single-site', 'installations are restricted to exactly one site')
    .option('--public', 'list the app publicly')
    .option('--client-type <type>', 'confidential, or public (PKCE required, no secret use)', 'confidential')
    .option('--json', 'print one JSON object')
    .action((opts: CreateOptions) =>
      runAdminCommand(opts, async (backend) => {
        const workspace = await backend.workspace(opts.workspace);
        const { app, clientSecret } = await backend.createApp(workspace.id, {
          name: opts.name,
          description: opts.description,
          homepage: opts.homepage,
          logoUrl: opts.logoUrl,
          redirectUris: opts.redirectUri,
          scopes: opts.scope.flatMap(parseScopeList),
          restrictToSingleSite: Boolean(opts.singleSite),
          isPublic: Boolean(opts.public),
          clientType: opts.clientType as ClientType,
        });
        return {
          json: { app, client_id: app.clientId, client_secret: clientSecret },
          text: [
            ...describeFields({ id: app.id, name: app.name, client_id: app.clientId, client_secret: clientSecret }),
            'The client secret is shown only now; rotate it with `gatehouse apps rotate-secret` if it is lost.',
          ],
        };
      }),
    );

  withRemoteOptions(apps.command('list'))
    .description('List apps, of one workspace or of all')
    .option('--workspace <id-or-slug>', 'only this workspace')
    .option('--json', 'print one JSON object')
    .action((opts: RemoteOptions & { workspace?: string }) =>
      runAdminCommand(opts, async (backend) => {
        const list = await backend.listApps(opts.workspace ? (await backend.workspace(opts.workspace)).id : undefined);
        return { json: { apps: list }, text: list.length ? list.map(summary) : ['No apps'] };
      }),
    );

  withRemoteOptions(apps.command('rotate-secret'))
    .description('Issue a new client secret; the old one stops working at once, or after --overlap')
    .argument('<app>', 'app id or client_id')
    .option('--overlap <duration>', 'how long the current secret keeps working: none, or e.g. 1h, 24h, 7d (at most 7 days)', 'none')
    .option('--json', 'print one JSON object')
    .action((ref: string, opts: RemoteOptions & { overlap: string }) =>
      runAdminCommand(opts, async (backend) => {
        const overlapSeconds = overlapSecondsOf(opts.overlap);
        const app = await backend.app(ref);
        const { clientSecret, previousSecretExpiresAt } = await backend.rotateSecret(app.id, overlapSeconds);
        const fields = { id: app.id, client_id: app.clientId, client_secret: clientSecret, previous_secret_expires_at: previousSecretExpiresAt };
        return {
          json: fields,
          text: [
            ...describeFields({ id: app.id, client_id: app.clientId, client_secret: clientSecret }),
            previousSecretExpiresAt ? `The previous secret keeps working until ${previousSecretExpiresAt}.` : 'The previous secret no longer works.',
          ],
        };
      }),
    );

  withRemoteOptions(apps.command('revoke-previous-secret'))
    .description("End a rotation's overlap early: the previous client secret stops working at once")
    .argument('<app>', 'app id or client_id')
    .option('--json', 'print one JSON object')
    .action((ref: string, opts: RemoteOptions) =>
      runAdminCommand(opts, async (backend) => {
        const app = await backend.app(ref);
        await backend.revokePreviousSecret(app.id);
        return { json: { id: app.id, client_id: app.clientId, revoked: true }, text: [`The previous client secret of ${app.id} no longer works.`] };
      }),
    );
}
