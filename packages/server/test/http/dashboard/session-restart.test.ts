import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config.js';
import { buildApp } from '../../../src/http/app.js';
import { createRuntime } from '../../../src/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

describe('dashboard sessions', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot() {
    const runtime = await createRuntime(parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', PUBLIC_URL: 'http://127.0.0.1:8080' }));
    const app = await buildApp(runtime, { logger: false });
    return {
      app,
      stop: async () => {
        await app.close();
        await runtime.close();
      },
    };
  }

  it('survive a restart of the server, and the CSRF token stays valid', async () => {
    const first = await boot();
    const agent = new DashboardAgent(first.app);
    await agent.get('/signup');
    expect((await agent.post('/signup', { email: 'restart@example.com', first_name: 'Re', password: 'a long enough password' })).statusCode).toBe(303);
    await agent.get('/login');
    expect((await agent.post('/login', { email: 'restart@example.com', password: 'a long enough password', return_to: '/' })).statusCode).toBe(303);
    expect((await agent.get('/')).statusCode).toBe(200);
    await first.stop();

    const second = await boot();
    agent.app = second.app;
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('restart@example.com');
    expect((await agent.post('/workspaces', { name: 'After restart' })).statusCode).toBe(303);
    await second.stop();
  });
});
