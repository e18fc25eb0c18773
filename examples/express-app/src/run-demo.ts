// `npm run demo`: seeds the demo data into Gatehouse, starts Gatehouse and this example together,
// and prints where to click. Gatehouse runs as a child process; Ctrl-C stops both.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createExampleApp } from './app.js';
import { busyPortAdvice } from './busy-ports.js';
import { readConfig } from './config.js';

interface DemoCredentials {
  email: string;
  password: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

const gatehouseBin = fileURLToPath(new URL('../../../packages/server/dist/cli/bin.js', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const gatehousePort = process.env.GATEHOUSE_PORT ?? '8080';
const gatehouseEnv = {
  ...process.env,
  PORT: gatehousePort,
  HOST: '127.0.0.1',
  PUBLIC_URL: process.env.GATEHOUSE_URL ?? `http://127.0.0.1:${gatehousePort}`,
  DATA_DIR: process.env.DATA_DIR ?? `${repoRoot}data`,
};

async function waitUntilUp(url: string, deadline = Date.now() + 30_000): Promise<void> {
  while (Date.now() < deadline) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Gatehouse did not answer at ${url} within 30 s`);
}

const seeded = execFileSync(process.execPath, [gatehouseBin, 'seed', '--demo', '--json'], { env: gatehouseEnv, encoding: 'utf8' });
const demo = JSON.parse(seeded) as DemoCredentials;
const config = readConfig({
  ...process.env,
  GATEHOUSE_URL: gatehouseEnv.PUBLIC_URL,
  CLIENT_ID: demo.clientId,
  CLIENT_SECRET: demo.clientSecret,
  REDIRECT_URI: demo.redirectUri,
  PORT: '',
  SCOPES: process.env.SCOPES ?? 'sites:read authorized_user:read',
});
if (String(config.port) === gatehousePort) throw new Error(`The demo app's redirect URI uses port ${config.port}; set GATEHOUSE_PORT to another port`);
const advice = await busyPortAdvice({ gatehousePort: Number(gatehousePort), appPort: config.port, appHost: config.host, redirectUri: config.redirectUri });
if (advice.length) {
  console.error(advice.join('\n'));
  process.exit(1);
}

const gatehouse = spawn(process.execPath, [gatehouseBin, 'start'], { env: gatehouseEnv, stdio: ['ignore', 'inherit', 'inherit'] });
gatehouse.once('exit', (code) => process.exit(code ?? 1));
await waitUntilUp(gatehouseEnv.PUBLIC_URL);
const example = createExampleApp(config).listen(config.port, config.host, () => {
  console.log(`\nExample app: http://${config.host}:${config.port}   (sign in as ${demo.email} / ${demo.password})\n`);
});
const stop = () => {
  example.close();
  gatehouse.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
