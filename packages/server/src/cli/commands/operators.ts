import type { Command } from 'commander';
import { grantOperator, listOperators, revokeOperator } from '../../platform/admin/deployment-operators.js';
import { runCommand, type OutputOptions } from '../run-command.js';

type EmailOptions = OutputOptions & { email: string };

/**
 * `operators grant`, `operators list`, `operators revoke`: who may manage admin API keys in the dashboard
 * (ADR 0026). On the database only: no key and no dashboard session can make an operator.
 */
export function registerOperatorCommands(program: Command): void {
  const operators = program.command('operators').description('Deployment operators: the accounts that may manage admin API keys in the dashboard');

  operators
    .command('grant')
    .description('Let an existing account manage admin API keys in the dashboard')
    .requiredOption('--email <address>', 'the account')
    .option('--json', 'print one JSON object')
    .action((opts: EmailOptions) =>
      runCommand(opts, async (rt) => {
        const { user, granted } = await grantOperator(rt.ctx, opts.email);
        return {
          json: { userId: user.id, email: user.email, granted, alreadyOperator: !granted },
          text: [granted ? `${user.email} is now an operator` : `${user.email} was an operator already`],
        };
      }),
    );

  operators
    .command('list')
    .description('List the deployment operators')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const list = await listOperators(rt.ctx);
        return { json: { operators: list }, text: list.length ? list.map((o) => `${o.userId}  ${o.email}  since ${o.since}`) : ['No operators'] };
      }),
    );

  operators
    .command('revoke')
    .description('End an account’s operator role; its next request to the admin-key pages is refused')
    .requiredOption('--email <address>', 'the account')
    .option('--json', 'print one JSON object')
    .action((opts: EmailOptions) =>
      runCommand(opts, async (rt) => {
        const { user, revoked } = await revokeOperator(rt.ctx, opts.email);
        return {
          json: { userId: user.id, email: user.email, revoked, wasOperator: revoked },
          text: [revoked ? `${user.email} is no longer an operator` : `${user.email} was not an operator`],
        };
      }),
    );
}
