import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError, describeFields, readStdin } from '../run-command.js';
import { runAdminCommand, withRemoteOptions, type RemoteOptions } from '../run-admin-command.js';

interface CreateOptions extends RemoteOptions {
  email: string;
  firstName: string;
  lastName: string;
  password?: string;
  passwordStdin?: boolean;
}

/** `users create`, `users list`. */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('Dashboard users');

  withRemoteOptions(users.command('create'))
    .description('Create a user; without --password or --password-stdin a password is generated and printed once')
    .requiredOption('--email <address>', 'sign-in email (unique, case-insensitive)')
    .requiredOption('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name', '')
    .option('--password <password>', 'password (at least 10 characters; visible in the process list, prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print one JSON object')
    .action(async (opts: CreateOptions) => {
      if (opts.password !== undefined && opts.passwordStdin) throw new UsageError('users create: use --password or --password-stdin, not both');
      const given = opts.passwordStdin ? await readStdin() : opts.password;
      const password = given ?? randomBytes(15).toString('base64url');
      await runAdminCommand(opts, async (backend) => {
        const user = await backend.createUser({ email: opts.email, firstName: opts.firstName, lastName: opts.lastName, password });
        const generated = given === undefined ? { password } : {};
        return {
          json: { user, ...generated },
          text: describeFields({ id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`.trim(), ...generated }),
        };
      });
    });

  withRemoteOptions(users.command('list'))
    .description('List every user')
    .option('--json', 'print one JSON object')
    .action((opts: RemoteOptions) =>
      runAdminCommand(opts, async (backend) => {
        const list = await backend.listUsers();
        return { json: { users: list }, text: list.length ? list.map((u) => `${u.id}  ${u.email}  ${u.firstName} ${u.lastName}`.trimEnd()) : ['No users'] };
      }),
    );
}
