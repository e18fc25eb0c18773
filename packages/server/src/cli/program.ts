import { Command, CommanderError } from 'commander';
import { registerAdminKeyCommands } from './commands/admin-keys.js';
import { registerAppCommands } from './commands/apps.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCommentCommands } from './commands/comments.js';
import { registerInvitationCommands } from './commands/invitations.js';
import { registerOperatorCommands } from './commands/operators.js';
import { registerMemberCommands } from './commands/members.js';
import { registerResourceCommands } from './commands/resources.js';
import { registerServerCommands } from './commands/server.js';
import { registerSiteCommands } from './commands/sites.js';
import { registerTokenCommands } from './commands/tokens.js';
import { registerUserCommands } from './commands/users.js';
import { registerWebhookCommands } from './commands/webhooks.js';
import { registerWorkspaceCommands } from './commands/workspaces.js';

/** Usage errors exit 2 (help and --version exit 0); commander has printed the one-line reason already. */
function exitOnUsageError(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

/** The `gatehouse` command: one `register…(program)` call per command group. */
export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: a self-hostable authorization server wire-compatible with the Webflow Data API v2')
    .version('0.1.0')
    .exitOverride(exitOnUsageError)
    .configureHelp({ sortSubcommands: false });

  registerServerCommands(program);
  registerUserCommands(program);
  registerWorkspaceCommands(program);
  registerMemberCommands(program);
  registerInvitationCommands(program);
  registerSiteCommands(program);
  registerCommentCommands(program);
  registerAppCommands(program);
  registerTokenCommands(program);
  registerResourceCommands(program);
  registerWebhookCommands(program);
  registerAuditCommands(program);
  registerAdminKeyCommands(program);
  registerOperatorCommands(program);

  return program;
}
