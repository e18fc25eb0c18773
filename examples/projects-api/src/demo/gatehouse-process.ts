import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../../packages/server/dist/cli/bin.js', import.meta.url));
/** The catalogue this product ships: its name, its two levels and its scopes. */
export const CATALOGUE = fileURLToPath(new URL('../../gatehouse.config.json', import.meta.url));

export interface RunningGatehouse {
  url: string;
  adminKey: string;
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, exited: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !exited(); i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Gatehouse did not start at ${url}`);
}

/**
 * `gatehouse start` with this product's catalogue and its login as the only way to sign in, as a child
 * process. Before it starts, the backend's admin API key is made with the CLI on the same database
 * (shown once: only its digest is stored).
 */
export async function startGatehouse(options: {
  port: number;
  dataDir: string;
  login: { issuer: string; clientId: string; clientSecret: string };
  output: 'inherit' | 'ignore';
}): Promise<RunningGatehouse> {
  const url = `http://127.0.0.1:${options.port}`;
  const env = {
    ...process.env,
    GATEHOUSE_CONFIG: CATALOGUE,
    DATA_DIR: options.dataDir,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The login's port is picked at run time, so the provider is given here rather than in the file
    // (this variable replaces the file's `upstreamProviders`).
    UPSTREAM_OIDC_PROVIDERS: JSON.stringify([{ id: 'acme-login', name: 'Acme Login', ...options.login }]),
    LOCAL_PASSWORDS: 'false',
    // No load balancer to drain connections from: Ctrl-C stops at once.
    SHUTDOWN_DRAIN_MS: '0',
  };
  const made = await run(process.execPath, [BIN, 'admin-keys', 'create', '--name', 'projects-api backend', '--scope', 'admin:write', '--json'], { env });
  const adminKey = (JSON.parse(made.stdout) as { admin_key: string }).admin_key;
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', options.output, options.output] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await waitUntilUp(url, () => child.exitCode !== null).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, adminKey, stop };
}
