import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { toUser, createUser } from '../../platform/users.js';
import { UsageError, describeFields, readStdin, runCommand, type OutputOptions } from '../run-command.js';

interface CreateOptions extends OutputOptions {
  email: string;
  firstName: string;
  lastName: string;
  password?: string;
  passwordStdin?: boolean;
}

/** `users create`, `users list`. */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('Dashboard users');

  users
    .command('create')
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
      await runCommand(opts, async (rt) => {
        const user = await createUser(rt.ctx, { email: opts.email, firstName: opts.firstName, lastName: opts.lastName, password, emailVerified: true });
        const generated = given === undefined ? { password } : {};
        return {
          json: { user, ...generated },
          text: describeFields({ id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`.trim(), ...generated }),
        };
      });
    });

  users
    .command('list')
    .description('List every user')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const list = (await rt.ctx.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser);
        return { json: { users: list }, text: list.length ? list.map((u) => `${u.id}  ${u.email}  ${u.firstName} ${u.lastName}`.trimEnd()) : ['No users'] };
      }),
    );
}
