import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseClient } from '../../src/index.js';
import { gatehouseExpress, tokenOf } from '../../src/middleware/express.js';
import { gatehouseFastify } from '../../src/middleware/fastify.js';
import type { ResourceServerOptions } from '../../src/middleware/resource-server-options.js';
import { demoAccessToken } from '../support/consent-flow.js';
import { freePort } from '../support/free-port.js';
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse-process.js';

type Get = (path: string, token: string) => Promise<number>;

async function expressApp(options: ResourceServerOptions): Promise<{ get: Get; close: () => Promise<void> }> {
  const auth = gatehouseExpress(options);
  const app = express();
  app.get('/read', auth.requireScopes('sites:read'), (req, res) => void res.json({ sub: tokenOf(req).sub }));
  app.get('/write', auth.requireScopes('sites:write'), (_req, res) => void res.json({}));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get: async (path, token) => (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).status,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function fastifyApp(options: ResourceServerOptions): Promise<{ get: Get; close: () => Promise<void> }> {
  const auth = gatehouseFastify(options);
  const app = Fastify();
  app.get('/read', { preHandler: auth.requireScopes('sites:read') }, async () => ({}));
  app.get('/write', { preHandler: auth.requireScopes('sites:write') }, async () => ({}));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    get: async (path, token) => (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).status,
    close: () => app.close(),
  };
}

let gatehouse: RunningGatehouse;
let client: GatehouseClient;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  client = new GatehouseClient({ baseUrl: gatehouse.url, clientId: gatehouse.demo.clientId, clientSecret: gatehouse.demo.clientSecret });
});
afterAll(() => gatehouse?.stop());

describe.each([
  ['Express', expressApp],
  ['Fastify', fastifyApp],
])('%s requireScopes() with introspection by a running Gatehouse', (_name, build) => {
  it('accepts a token with the scope, refuses one without, and refuses a revoked token once the TTL has passed', async () => {
    let now = 0;
    const app = await build({
      baseUrl: gatehouse.url,
      clientId: gatehouse.demo.clientId,
      clientSecret: gatehouse.demo.clientSecret,
      cacheTtlMs: 30_000,
      now: () => now,
    });
    try {
      const { accessToken } = await demoAccessToken(gatehouse, client, { scope: ['sites:read'], target: 'workspace' });
      expect(await app.get('/read', accessToken)).toBe(200);
      expect(await app.get('/write', accessToken)).toBe(403);
      expect(await app.get('/read', 'gth_at_unknown')).toBe(401);
      expect(await client.revokeToken(accessToken)).toBe(true);
      now += 29_000;
      expect(await app.get('/read', accessToken)).toBe(200); // within the revocation delay
      now += 1_000;
      expect(await app.get('/read', accessToken)).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe.each([
  ['Express', 'express'],
  ['Fastify', 'fastify'],
] as const)('%s metadata and challenges (RFC 9728) before a running Gatehouse', (_name, framework) => {
  it("leads a client from the first 401 to Gatehouse's RFC 8414 metadata, and lets a Gatehouse token through", async () => {
    const options = {
      baseUrl: gatehouse.url,
      clientId: gatehouse.demo.clientId,
      clientSecret: gatehouse.demo.clientSecret,
      cacheTtlMs: 0,
      acceptUnboundTokens: true,
    };
    // The resource URI names the port, so the port is chosen before the app is built.
    const base = `http://127.0.0.1:${await freePort()}`;
    let close: () => Promise<void>;
    if (framework === 'express') {
      const auth = gatehouseExpress({ ...options, resource: `${base}/api` });
      const app = express();
      app.use(auth.metadata);
      app.get('/api/read', auth.requireScopes('sites:read'), (_req, res) => void res.json({}));
      const s = await new Promise<Server>((resolve) => {
        const listening = app.listen(Number(new URL(base).port), '127.0.0.1', () => resolve(listening));
      });
      close = () => new Promise((resolve) => s.close(() => resolve()));
    } else {
      const auth = gatehouseFastify({ ...options, resource: `${base}/api` });
      const app = Fastify();
      app.addHook('onRequest', auth.metadata);
      app.get('/api/read', { preHandler: auth.requireScopes('sites:read') }, async () => ({}));
      await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
      close = () => app.close();
    }
    const server = { base, close };
    try {
      const first = await fetch(`${server.base}/api/read`);
      expect(first.status).toBe(401);
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(first.headers.get('www-authenticate') ?? '')?.[1];
      expect(metadataUrl).toBe(`${server.base}/.well-known/oauth-protected-resource/api`);
      const doc = (await (await fetch(metadataUrl!)).json()) as { resource: string; authorization_servers: string[] };
      expect(doc.resource).toBe(`${server.base}/api`);
      const as = (await (await fetch(`${doc.authorization_servers[0]}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
      expect(as.issuer).toBe(gatehouse.url);
      const { accessToken } = await demoAccessToken(gatehouse, client, { scope: ['sites:read'], target: 'workspace' });
      expect((await fetch(`${server.base}/api/read`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
