import type { Command } from 'commander';
import type { AdminBackend } from './admin-backend.js';
import { localBackend } from './local-backend.js';
import { remoteBackend } from './remote-backend.js';
import { UsageError, failWith, runCommand, type CommandOutput, type OutputOptions } from './run-command.js';

export interface RemoteOptions extends OutputOptions {
  url?: string | undefined;
  adminKey?: string | undefined;
}

/** Adds `--url` and `--admin-key` to a provisioning command (docs/cli.md, "A remote Gatehouse"). */
export function withRemoteOptions(command: Command): Command {
  return command
    .option('--url <base>', 'call the admin API of the Gatehouse at this URL instead of opening the database (or GATEHOUSE_URL with GATEHOUSE_ADMIN_KEY)')
    .option('--admin-key <key>', 'admin API key for --url (prefer GATEHOUSE_ADMIN_KEY: options show in the process list)');
}

/**
 * Where a command goes: the admin API when an admin key is given (option or GATEHOUSE_ADMIN_KEY) or
 * `--url` is; otherwise the database. GATEHOUSE_URL alone names a server for other tools and does not
 * switch the command to remote.
 */
export function remoteTarget(opts: RemoteOptions, env: NodeJS.ProcessEnv = process.env): { url: string; key: string } | undefined {
  const key = opts.adminKey ?? env.GATEHOUSE_ADMIN_KEY;
  if (opts.url === undefined && !key) return undefined;
  const url = opts.url ?? env.GATEHOUSE_URL;
  if (!url) throw new UsageError('an admin key needs the server: pass --url <base> or set GATEHOUSE_URL');
  if (!key) throw new UsageError('--url needs an admin API key: pass --admin-key or set GATEHOUSE_ADMIN_KEY');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url: "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError('--url must be an http or https URL');
  return { url: parsed.toString(), key };
}

/** Runs a provisioning command on the chosen backend and prints its output as `runCommand` does. */
export async function runAdminCommand(opts: RemoteOptions, fn: (backend: AdminBackend) => Promise<CommandOutput>): Promise<void> {
  let target: ReturnType<typeof remoteTarget>;
  try {
    target = remoteTarget(opts);
  } catch (err) {
    failWith(err);
  }
  // Mail a local command sends through the development outbox (a loopback server without SMTP) is printed on
  // stderr: the process ends with the command, and stdout carries only the command's answer.
  if (!target) return runCommand(opts, (rt) => fn(localBackend(rt.ctx)), { mailPrint: (text) => void process.stderr.write(text) });
  try {
    const output = await fn(remoteBackend(target.url, target.key));
    process.stdout.write(opts.json ? JSON.stringify(output.json) + '\n' : output.text.join('\n') + '\n');
  } catch (err) {
    failWith(err);
  }
}
