import type { Command } from 'commander';
import { loadDotEnv, parseConfig } from '../../config/config.js';
import { PlatformError } from '../../platform/errors.js';
import { demoPasswordFor, ensureDemo } from '../../platform/seed-demo.js';
import { UsageError, failWith, runCommand, type OutputOptions } from '../run-command.js';

/** `start`, `migrate` and `seed --demo`. */
export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('Migrate the database and start the server (stops cleanly on SIGTERM)')
    .option('--seed-demo', 'seed demo data when the database is empty, and print the demo credentials')
    .action(async (opts: { seedDemo?: boolean }) => {
      let config;
      try {
        loadDotEnv();
        config = parseConfig();
      } catch (err) {
        failWith(err);
      }
      // Loaded only here, so admin commands and configuration errors never load the HTTP stack.
      const { runServer } = await import('../../main.js');
      try {
        await runServer(config, { seedDemo: Boolean(opts.seedDemo) });
      } catch (err) {
        failWith(err);
      }
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date (safe to run again)')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions) =>
      runCommand(
        opts,
        async (rt) => {
          const { listMigrations, migrateToLatest } = await import('../../store/migrate.js');
          const result = await migrateToLatest(rt.database.db);
          const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
          const migrations = (await listMigrations(rt.database.db)).filter((m) => m.executedAt).map((m) => m.name);
          return {
            json: { migrations, applied },
            text: [applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply', `Schema is up to date (${migrations.join(', ')})`],
          };
        },
        { migrate: false },
      ),
    );

  program
    .command('seed')
    .description('Seed the demo admin, a workspace with two sites and the demo app into an empty database')
    .option('--demo', 'seed the demo data (required)')
    .option('--json', 'print one JSON object')
    .action((opts: OutputOptions & { demo?: boolean }) =>
      runCommand(opts, async (rt) => {
        if (!opts.demo) throw new UsageError('seed: say what to seed: --demo');
        const { seeded, credentials: creds } = await ensureDemo(rt.ctx, demoPasswordFor(rt.config.publicUrl).password);
        if (!creds) throw new PlatformError('conflict', 'seed: the database already holds data and no demo app; nothing seeded');
        return {
          json: { seeded, ...creds },
          text: [
            seeded ? 'Seeded the demo data.' : 'Demo data already present; nothing seeded.',
            `Demo login:    ${creds.email} / ${creds.password ?? '(not shown: not the published demo password)'}`,
            `client_id:     ${creds.clientId}`,
            `client_secret: ${creds.clientSecret}`,
            `redirect_uri:  ${creds.redirectUri}`,
          ],
        };
      }),
    );
}
