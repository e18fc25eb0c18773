import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { loggerOptions } from '../../../src/http/logging.js';
import type { LogLevel } from '../../../src/config/config.js';
import { createTestRuntime, type TestRuntime } from '../../support/runtime.js';

describe('per-request logging', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
    await runtime.dispose();
  });

  async function start(level: LogLevel) {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()));
        cb();
      },
    });
    runtime = await createTestRuntime('sqlite');
    app = await buildApp(runtime, { logger: { ...(loggerOptions(level) as object), stream } });
    app.get('/_warn', async (req) => {
      req.log.warn('something odd');
      req.log.info('not written');
      const log = req.log as typeof req.log & { isLevelEnabled(level: string): boolean };
      return { ok: log.isLevelEnabled('warn') && !log.isLevelEnabled('info') };
    });
    await app.ready();
    return lines;
  }

  it('writes request lines with the request id at info level', async () => {
    const lines = await start('info');
    const res = await app.inject({ url: '/login', headers: { 'x-request-id': 'trace-me-1' } });
    expect(res.headers['x-request-id']).toBe('trace-me-1');
    const mine = lines.filter((l) => l.reqId === 'trace-me-1').map((l) => l.msg);
    expect(mine).toEqual(['request completed']);
  });

  it('writes nothing for a plain request at warn level, and still logs a warning with its request id', async () => {
    const lines = await start('warn');
    await app.inject({ url: '/login', headers: { 'x-request-id': 'quiet-1' } });
    expect(lines).toEqual([]);
    const res = await app.inject({ url: '/_warn', headers: { 'x-request-id': 'warn-1' } });
    expect(res.json()).toEqual({ ok: true });
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([['warn-1', 'something odd']]);
  });
});
