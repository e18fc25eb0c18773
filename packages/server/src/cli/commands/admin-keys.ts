import type { Command } from 'commander';
import { ADMIN_SCOPES, createAdminKey, listAdminKeys, revokeAdminKey, type AdminKey } from '../../platform/admin/admin-keys.js';
import { collect, describeFields, runCommand, type OutputOptions } from '../run-command.js';

const summary = (k: AdminKey) => `${k.id}  ${k.name}  [${k.scopes.join(' ')}]  last used: ${k.lastUsed ?? 'never'}`;

/** `admin-keys create`, `admin-keys list`, `admin-keys revoke`: keys for the admin API, printed once and stored as digests. */
export function registerAdminKeyCommands(program: Command): void {
  const keys = program.command('admin-keys').description('Admin API keys for a product backend (the /admin/v1 API)');

  keys
    .command('create')
    .description('Create an admin API key; it is printed once')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .option('--scope <scope>', `${ADMIN_SCOPES.join(' or ')} (repeatable; default admin:read)`, collect)
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions & { name: string; scope?: string[] }) =>
      runCommand(opts, async (rt) => {
        const { key, record } = await createAdminKey(rt.ctx, {
          name: opts.name,
          scopes: (opts.scope ?? ['admin:read']).flatMap((s) => s.split(/[\s,]+/).filter(Boolean)),
        });
        return {
          json: { key: record, admin_key: key },
          text: [...describeFields({ id: record.id, name: record.name, scopes: record.scopes, admin_key: key }), 'The key is shown only now.'],
        };
      }),
    );

  keys
    .command('list')
    .description('List the live admin API keys')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const list = await listAdminKeys(rt.ctx);
        return { json: { keys: list }, text: list.length ? list.map(summary) : ['No admin API keys'] };
      }),
    );

  keys
    .command('revoke')
    .description('Revoke an admin API key by id; it stops working at the next request')
    .argument('<id>', 'key id (from admin-keys list)')
    .option('--json', 'print one JSON object')
    .action((id: string, opts: OutputOptions) =>
      runCommand(opts, async (rt) => {
        const revoked = await revokeAdminKey(rt.ctx, id.trim());
        return { json: { id: id.trim(), revoked, alreadyRevoked: !revoked }, text: [revoked ? `Revoked ${id.trim()}` : `${id.trim()} was already revoked`] };
      }),
    );
}
