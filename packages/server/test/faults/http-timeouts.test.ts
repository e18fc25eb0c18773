import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestApp } from '../support/runtime.js';

describe('HTTP_REQUEST_TIMEOUT_MS', { timeout: 30_000 }, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { HTTP_REQUEST_TIMEOUT_MS: '1000' });
    port = Number(new URL(await listenOnLoopback(t.app)).port);
  }, 60_000);
  afterAll(() => t.close(), 60_000);

  it('answers 408 and closes a connection whose body trickles in slower than the timeout allows', async () => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    let closed = false;
    const done = new Promise<void>((resolve) => socket.on('close', () => ((closed = true), resolve())));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /oauth/access_token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n');
    // One byte every 100 ms would take 50 s to finish the body; give up sending after 10 s.
    for (let i = 0; i < 100 && !closed; i++) {
      socket.write('a');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(closed).toBe(true);
    await done;
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
  });
});
