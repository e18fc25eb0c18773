import Fastify, { type FastifyError, type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFrameworkError, type FrameworkFailure } from '../../../src/http/framework-errors.js';

/** A bare Fastify app whose error handler reports what the classifier makes of each real framework error. */
describe('classifyFrameworkError', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false, bodyLimit: 64 });
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      const failure: FrameworkFailure = classifyFrameworkError(err);
      return reply.code(200).send({ kind: failure.kind, status: failure.status, fields: failure.kind === 'validation' ? failure.validation.length : 0 });
    });
    app.post('/echo', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async (req) => req.body);
    app.get('/boom', async () => {
      throw new Error('database went away');
    });
    app.get('/teapot', async () => {
      throw Object.assign(new Error('short and stout'), { statusCode: 418 });
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const classify = async (opts: InjectOptions) => (await app.inject(opts)).json();

  it('sorts schema validation failures, with their field problems', async () => {
    expect(await classify({ method: 'POST', url: '/echo', payload: {} })).toEqual({ kind: 'validation', status: 400, fields: 1 });
  });

  it('sorts a body over the limit', async () => {
    expect(await classify({ method: 'POST', url: '/echo', payload: { name: 'x'.repeat(200) } })).toMatchObject({ kind: 'body_too_large', status: 413 });
  });

  it('sorts a media type without a parser', async () => {
    expect(await classify({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })).toMatchObject({
      kind: 'unsupported_media_type',
      status: 415,
    });
  });

  it('keeps the status of any other framework 4xx, such as unparsable JSON', async () => {
    expect(await classify({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' })).toMatchObject({
      kind: 'client_error',
      status: 400,
    });
    expect(await classify({ url: '/teapot' })).toMatchObject({ kind: 'client_error', status: 418 });
  });

  it('calls anything else a fault', async () => {
    expect(await classify({ url: '/boom' })).toMatchObject({ kind: 'fault', status: 500 });
  });
});
