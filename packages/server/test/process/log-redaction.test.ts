import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { TOKEN_PREFIX, newSecret } from '../../src/crypto/tokens.js';
import { AccessLog } from '../../src/http/access-log.js';
import { loggerOptions, redactUrl } from '../../src/http/logging.js';
import { terminalLogDestination } from '../../src/http/terminal-log.js';

const SECRET = 'gth_cs_S3cr3tValueThatMustNeverBeLogged0000000';

/** The production logger configuration, writing into memory. */
async function capture(fn: (app: ReturnType<typeof Fastify>) => Promise<void>): Promise<string> {
  let out = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
  const app = Fastify({ logger: { ...(loggerOptions('trace') as object), stream } });
  app.post('/echo', async (req) => {
    req.log.info({ body: req.body, headers: req.headers }, 'handled');
    return { ok: true };
  });
  await fn(app);
  await app.close();
  return out;
}

describe('log redaction (logger configuration)', () => {
  it.each([
    ['a top-level field', { client_secret: SECRET }],
    ['a field one level down', { body: { client_secret: SECRET, code: SECRET, password: SECRET } }],
    ['a field two levels down', { request: { body: { access_token: SECRET, refresh_token: SECRET } } }],
    ['a camelCase field', { app: { clientSecret: SECRET } }],
    ['an authorization header', { headers: { authorization: `Bearer ${SECRET}` } }],
    ['a cookie header', { request: { headers: { cookie: `gatehouse_session=${SECRET}` } } }],
    ['an array of objects', { clients: [{ client_secret: SECRET }] }],
    ['free text holding a prefixed secret', { note: `retrying with ${SECRET} now` }],
    ['an error message quoting the input', { err: new SyntaxError(`Unexpected token in JSON at "${SECRET}"`) }],
  ])('removes secrets from %s', async (_what, fields) => {
    const out = await capture(async (app) => {
      await app.ready();
      app.log.info(fields, 'an event');
    });
    expect(out).toContain('an event');
    expect(out).not.toContain(SECRET);
  });

  it('removes the Authorization header and form secrets a route logs with its request', async () => {
    const out = await capture(async (app) => {
      await app.register(import('@fastify/formbody'));
      await app.inject({
        method: 'POST',
        url: `/echo?access_token=${SECRET}&state=${SECRET}`,
        headers: { authorization: `Basic ${SECRET}`, cookie: `a=${SECRET}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `client_secret=${SECRET}&code=${SECRET}&password=${SECRET}&code_verifier=${SECRET}`,
      });
    });
    expect(out).toContain('handled');
    expect(out).toContain('incoming request');
    expect(out).not.toContain(SECRET);
  });

  it.each(Object.entries(TOKEN_PREFIX))('removes a %s from messages, fields, paths and 404s', async (_kind, prefix) => {
    const token = newSecret(prefix);
    const out = await capture(async (app) => {
      await app.ready();
      app.log.info(`message quoting ${token}`);
      app.log.info({ note: { deep: [`x=${token}`] }, [`key-${token}`]: 1 }, 'fields');
      app.log.warn(new Error(`failed with ${token}`));
      await app.inject({ url: `/missing/${token}?unlisted=${token}&encoded=${token.replace(/_/g, '%5F')}` });
      await app.inject({ method: 'POST', url: `/echo/${token}` });
    });
    expect(out).toContain('message quoting ' + prefix + '[Redacted]');
    expect(out).toContain(`Route GET:/missing/${prefix}[Redacted]`);
    expect(out).not.toContain(token.slice(prefix.length));
  });

  it('scrubs the terminal form the same way, as it formats lines pino has already scrubbed', async () => {
    const token = newSecret(TOKEN_PREFIX.interaction);
    let out = '';
    const app = Fastify({
      logger: loggerOptions('debug', terminalLogDestination('debug', { write: (text: string) => (out += text) }, false)) as object,
      logController: new AccessLog(),
    });
    await app.ready();
    app.log.info(`resuming ${token}`);
    await app.inject({ url: `/oauth/authorize/resume?handle=${token}` });
    await app.close();
    expect(out).toContain('resuming gth_int_[Redacted]');
    expect(out).toContain('/oauth/authorize/resume?handle=gth_int_[Redacted]');
    expect(out).not.toContain(token.slice(TOKEN_PREFIX.interaction.length));
  });

  it('redacts credentials in logged URLs', () => {
    expect(redactUrl(`/v2/sites?limit=5&access_token=${SECRET}#x`)).toBe('/v2/sites?limit=5&access_token=[Redacted]#x');
    expect(redactUrl(`/oauth/authorize?client_id=abc&code=${SECRET}&CLIENT_SECRET=${SECRET}`)).not.toContain(SECRET);
  });
});
