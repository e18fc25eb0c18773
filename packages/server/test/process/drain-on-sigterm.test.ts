import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort, startCli, tempDir, waitForOutput } from '../cli/spawn-cli.js';

interface Outcome {
  sentAt: number;
  status?: number;
  connection?: string | undefined;
  error?: string;
}

function get(agent: Agent | false, port: number, path: string): Promise<Omit<Outcome, 'sentAt'>> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

describe('SIGTERM under keep-alive load', { timeout: 60_000 }, () => {
  it('answers /readyz 503 at once, serves every request sent before the signal, closes connections after answering, then exits 0', async () => {
    const port = await freePort();
    const server = startCli([], { DATA_DIR: tempDir('gatehouse-drain-'), PORT: String(port), LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '1500' });
    await waitForOutput(server, /Gatehouse is running at/);

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes: Outcome[] = [];
    let running = true;
    const worker = async (path: string) => {
      while (running) {
        const sentAt = Date.now();
        const outcome = { sentAt, ...(await get(agent, port, path)) };
        outcomes.push(outcome);
        if (outcome.error) return;
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, i) => worker(i % 2 ? '/healthz' : '/login')));
    // Signal once the load is flowing, however busy the machine is.
    while (outcomes.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));

    const signalAt = Date.now();
    server.child.kill('SIGTERM');
    await waitForOutput(server, /"msg":"draining"/);
    const drainingAt = Date.now();
    const ready = await get(false, port, '/readyz');
    expect(ready.status).toBe(503);

    expect(await server.exited).toBe(0);
    running = false;
    await load;
    agent.destroy();

    const before = outcomes.filter((o) => o.sentAt < signalAt);
    expect(before.length).toBeGreaterThan(50);
    expect(before.filter((o) => o.status !== 200)).toEqual([]);
    // During the drain the node still serves, and tells each client to reconnect elsewhere.
    const drained = outcomes.filter((o) => o.sentAt >= drainingAt && o.status === 200);
    expect(drained.length).toBeGreaterThan(0);
    expect(drained.every((o) => o.connection === 'close')).toBe(true);
    expect(outcomes.some((o) => o.status === 503)).toBe(false);
  });
});
