import { Command } from 'commander';
import { loadDotEnv, parseConfig } from '../config/config.js';
import { exitOnStartupError, runServer } from '../main.js';
import { isEmpty, seedDemo, findDemoCredentials } from '../platform/seed-demo.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { migrateToLatest } from '../store/migrate.js';

/** Opens the configured database, runs `fn`, closes it. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  loadDotEnv();
  const runtime = await createRuntime(parseConfig());
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** The `gatehouse` command. */
export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: a self-hostable authorization server wire-compatible with the Webflow Data API v2')
    .showHelpAfterError();

  program
    .command('start')
    .description('Migrate the database and start the server')
    .option('--seed-demo', 'seed demo data on the first run and print the demo credentials')
    .action(async (opts: { seedDemo?: boolean }) => {
      try {
        loadDotEnv();
        await runServer(parseConfig(), { seedDemo: Boolean(opts.seedDemo) });
      } catch (err) {
        exitOnStartupError(err);
      }
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date (safe to run again)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const result = await withRuntime(async (rt) => migrateToLatest(rt.database.db));
      const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      process.stdout.write(opts.json ? JSON.stringify({ applied }) + '\n' : applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date\n');
    });

  program
    .command('seed')
    .description('Seed data into an empty database')
    .requiredOption('--demo', 'the demo admin, workspace, two sites and demo app')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const creds = await withRuntime(async (rt) => ((await isEmpty(rt.ctx)) ? seedDemo(rt.ctx) : findDemoCredentials(rt.ctx)));
      if (!creds) throw new Error('the database already holds data and no demo app; nothing seeded');
      process.stdout.write(opts.json ? JSON.stringify(creds) + '\n' : `Demo login: ${creds.email} / ${creds.password}\nclient_id: ${creds.clientId}\nclient_secret: ${creds.clientSecret}\n`);
    });

  return program;
}
