import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startCli, tempDir, waitForOutput } from '../cli/spawn-cli.js';

describe('SIGTERM during an in-flight request', { timeout: 60_000 }, () => {
  it('finishes the request, closes the database and exits 0', async () => {
    const dataDir = tempDir('gatehouse-sigterm-');
    const port = await freePort();
    const server = startCli([], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'debug' }); // debug: a request is logged as it arrives
    await waitForOutput(server, /Gatehouse is running at/);

    // Headers and half the body now; the server has the request but cannot finish it yet.
    const body = 'email=nobody%40example.com&password=not-the-password&_csrf=x';
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nx-request-id: inflight-1\r\n\r\n${body.slice(0, 10)}`,
    );
    await waitForOutput(server, /"reqId":"inflight-1"[^\n]*"msg":"incoming request"/);

    server.child.kill('SIGTERM');
    await waitForOutput(server, /"msg":"shutting down"/);
    socket.write(body.slice(10));
    await closed;

    expect(response).toMatch(/^HTTP\/1\.1 (3|4)\d\d /);
    expect(await server.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'gatehouse.sqlite-wal'))).toBe(false);
  });
});
