import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { loggerOptions } from '../../../src/http/logging.js';
import { createTestRuntime, type TestRuntime } from '../../support/runtime.js';

const SECRET = 'gth_oat_AccessLineSecretThatMustNeverBeLogged00';

/**
 * The access line (docs/adr/0027-one-access-log-line.md) is written by hand, not by pino: it must stay one
 * JSON line of the shape pino wrote, in the same key order, with the same values escaped and scrubbed.
 */
describe('the access line behind a trusted proxy at info', () => {
  let runtime: TestRuntime;
  let app: FastifyInstance;
  const raw: string[] = [];

  beforeAll(async () => {
    runtime = await createTestRuntime('sqlite', { TRUST_PROXY: '1' });
    const stream = new Writable({ write: (chunk, _enc, done) => (raw.push(...chunk.toString().split(/(?<=\n)/)), done()) });
    app = await buildApp(runtime, { logger: { ...(loggerOptions('info') as object), stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await runtime.dispose();
  });

  async function lineOf(request: InjectOptions & { headers?: Record<string, string> }, id: string): Promise<{ text: string; line: Record<string, unknown> }> {
    raw.length = 0;
    await app.inject({ ...request, headers: { 'x-request-id': id, ...request.headers } });
    const text = raw.find((l) => l.includes('"request completed"'));
    expect(text).toBeDefined();
    expect(text!.endsWith('}\n')).toBe(true);
    return { text: text!, line: JSON.parse(text!) as Record<string, unknown> };
  }

  it('has the fields and order of a pino line: level, time, bindings, request, status, response time, message', async () => {
    const { line } = await lineOf({ url: '/healthz/none', headers: { 'x-forwarded-for': '203.0.113.7' } }, 'shape-1');
    expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg']);
    expect(line).toMatchObject({ level: 30, pid: process.pid, hostname: hostname(), reqId: 'shape-1', res: { statusCode: 404 }, msg: 'request completed' });
    expect(line.req).toEqual({ method: 'GET', url: '/healthz/none', host: 'localhost:80', remoteAddress: '203.0.113.7' });
    expect(typeof line.time).toBe('number');
    expect(typeof line.responseTime).toBe('number');
  });

  it('escapes what JSON escapes and keeps every other character as sent', async () => {
    const { line } = await lineOf({ url: '/x?q=%22', headers: { host: 'we"ird\\host', 'x-forwarded-for': '198.51.100.1' } }, 'escape-1');
    expect(line.req).toMatchObject({ url: '/x?q=%22', host: 'we"ird\\host', remoteAddress: '198.51.100.1' });
  });

  it('censors credentials in the URL, the host, the forwarded address and the request id', async () => {
    const { text, line } = await lineOf(
      { url: `/v2/sites/${SECRET}?access_token=${SECRET}&state=abc`, headers: { host: `${SECRET}.example`, 'x-forwarded-for': SECRET } },
      SECRET,
    );
    expect(text).not.toContain(SECRET.slice('gth_oat_'.length));
    expect(line.reqId).toBe('gth_oat_[Redacted]');
    expect((line.req as { url: string }).url).toBe('/v2/sites/gth_oat_[Redacted]?access_token=[Redacted]&state=[Redacted]');
  });

  it('writes no line for a route whose level is above info', async () => {
    raw.length = 0;
    await app.inject({ url: '/healthz', headers: { 'x-request-id': 'quiet-health' } });
    expect(raw.filter((l) => l.includes('quiet-health'))).toEqual([]);
  });
});
