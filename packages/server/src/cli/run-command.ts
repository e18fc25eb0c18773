import { ConfigError, loadDotEnv, parseConfig } from '../config/config.js';
import { inLevelWords } from '../oauth/level-words.js';
import type { Catalogue } from '../oauth/scopes.js';
import { PlatformError } from '../platform/errors.js';
import { redactText } from '../http/log-scrubber.js';
import { DatabaseUnavailable } from '../store/database-unavailable.js';
import type { Runtime, RuntimeOptions } from '../runtime.js';

/** A mistake in how the command was called (missing or conflicting options): exit code 2. */
export class UsageError extends Error {}

/** What a command prints: one JSON object with `--json`, otherwise human-readable lines. */
export interface CommandOutput {
  json: Record<string, unknown>;
  text: string[];
}

export interface OutputOptions {
  json?: boolean | undefined;
}

/** Opens the configured database (migrating it), runs `fn`, closes it. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  loadDotEnv();
  const config = parseConfig();
  // Loaded after the configuration is checked, so a configuration error answers without loading the database drivers.
  const { createRuntime } = await import('../runtime.js');
  const runtime = await createRuntime(config, { ...options, dataApi: { tailInvalidations: false, ...options.dataApi } });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * docs/design.md, "Surfaces": every command prints exactly one JSON object with `--json`; errors are one line on stderr.
 * Exit codes: 1 for a refused operation (PlatformError) or failure, 2 for usage and configuration errors.
 */
export async function runCommand(opts: OutputOptions, fn: (runtime: Runtime) => Promise<CommandOutput>, options: RuntimeOptions = {}): Promise<void> {
  try {
    const output = await withRuntime(fn, options);
    process.stdout.write(opts.json ? JSON.stringify(output.json) + '\n' : output.text.join('\n') + '\n');
  } catch (err) {
    failWith(err);
  }
}

/** Node reports a refused connection to a host with several addresses as an AggregateError with no message. */
function messageOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message && err.errors[0] instanceof Error) return err.errors[0].message;
  return err instanceof Error ? err.message : String(err);
}

let spokenCatalogue: Catalogue | undefined;
/** What commands print and refusals are told in the configured catalogue's words (docs/own-api.md, "Where the words appear"). */
export function speakCatalogue(catalogue: Catalogue): void {
  spokenCatalogue = catalogue;
}

/** A command's own sentence in the configured words; names it quotes (short names, ids) must be quoted or added after. */
export function spoken(text: string): string {
  return spokenCatalogue ? inLevelWords(spokenCatalogue, text) : text;
}

/** The word for a token's kind (`site`, `workspace`) as the configured catalogue says it. */
export function spokenLevel(level: 'site' | 'workspace'): string {
  return spokenCatalogue ? spokenCatalogue.levels[level].singular : level;
}

const DATABASE_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '28000', '3D000']);

export function failWith(reported: unknown): never {
  // The database's own words say best what is wrong with DATABASE_URL.
  const err = reported instanceof DatabaseUnavailable ? reported.cause : reported;
  // Start-up and command errors reach stderr through here only, scrubbed like a log line (docs/configuration.md, "What is never logged").
  let message = redactText(messageOf(err).replace(/\s*\n\s*/g, ' '));
  const code = (err as { code?: unknown } | null)?.code ?? (err instanceof AggregateError ? (err.errors[0] as { code?: unknown })?.code : undefined);
  if (typeof code === 'string' && DATABASE_UNREACHABLE.has(code)) message = `cannot use the database at DATABASE_URL: ${message}`;
  if (err instanceof ConfigError) {
    process.stderr.write(`gatehouse: configuration error: ${message}\n`);
    process.exit(2);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`gatehouse: ${message}\n`);
    process.exit(2);
  }
  if (err instanceof PlatformError) message = spoken(message);
  process.stderr.write(`gatehouse: ${err instanceof PlatformError ? message : `error: ${message}`}\n`);
  process.exit(1);
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Formats an object as aligned `key: value` lines. */
export function describeFields(fields: Record<string, unknown>): string[] {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  return Object.entries(fields).map(([k, v]) => `${(k + ':').padEnd(width + 2)}${Array.isArray(v) ? v.join(' ') : String(v ?? '')}`);
}

/** Reads all of stdin (for secrets that must not appear in the process list). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
