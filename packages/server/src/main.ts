import { pathToFileURL } from 'node:url';
import { failWith } from './cli/run-command.js';
import { loadDotEnv, parseConfig, type Config } from './config/config.js';
import { buildApp } from './http/app.js';
import { flushStdoutLog } from './http/log-destination.js';
import { createRuntime } from './runtime.js';
import { demoForStart, startBanner } from './start-banner.js';

export interface ServerOptions {
  /** Seed demo data when the database is empty, and print the demo credentials. */
  seedDemo?: boolean;
}

/** docs/deployment.md: with TRUST_PROXY=true every client can pick the address its limits are counted on. */
const TRUST_EVERY_PROXY_WARNING =
  'gatehouse: warning: TRUST_PROXY=true trusts X-Forwarded-For from every peer, so any client can choose the address ' +
  "that login and rate limits count; set TRUST_PROXY to your proxy's address (or CIDR range), or to the number of proxies in front of Gatehouse\n";

/** How long SIGTERM waits for in-flight requests before closing their connections. */
const DRAIN_DEADLINE_MS = 10_000;

/** Process entry: config → migrate → listen → drain and graceful shutdown on SIGTERM/SIGINT. */
export async function runServer(config: Config, options: ServerOptions = {}): Promise<void> {
  const runtime = await createRuntime(config);
  const app = await buildApp(runtime);
  const terminal = process.stdout.isTTY === true;
  const demo = options.seedDemo ? await demoForStart(runtime.ctx, config, terminal) : undefined;
  await app.listen({ port: config.port, host: config.host });
  runtime.dataApi.webhookWorker.start();
  runtime.expirySweeper.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Drain first (docs/deployment.md): /readyz answers 503 at once so the load balancer stops sending,
    // while every request that still comes is served, with `Connection: close`, for the drain delay.
    runtime.lifecycle.draining = true;
    app.log.info({ signal, drainMs: config.timeouts.shutdownDrainMs }, 'draining');
    await new Promise((resolve) => setTimeout(resolve, config.timeouts.shutdownDrainMs));
    app.log.info({ signal }, 'shutting down');
    // Keep-alive connections go idle only after their in-flight response, and server.close() never
    // revisits them: sweep them while draining, and cut whatever is left after the drain deadline.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => app.server.closeAllConnections(), DRAIN_DEADLINE_MS);
    try {
      await app.close();
      clearInterval(sweep);
      clearTimeout(deadline);
      await runtime.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Printed last: whoever waits for the banner may signal at once, and the handlers are in place; the
  // log lines gathered so far (http/log-destination.ts) go out before it.
  flushStdoutLog();
  if (config.trustProxy === true) process.stderr.write(TRUST_EVERY_PROXY_WARNING);
  if (demo?.notice) process.stderr.write(demo.notice);
  process.stdout.write(startBanner(config, demo, terminal));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    loadDotEnv();
    await runServer(parseConfig(), { seedDemo: process.argv.includes('--seed-demo') });
  } catch (err) {
    failWith(err);
  }
}
