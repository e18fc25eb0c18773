import type { AddressInfo } from 'node:net';
import express from 'express';
import { gatehouseExpress, tokenOf } from '../../src/middleware/express.js';
import { describeResourceServer, type AppHarness } from './resource-server-scenarios.js';

describeResourceServer('Express', async (options): Promise<AppHarness> => {
  const auth = gatehouseExpress(options);
  const app = express();
  app.use(auth.metadata);
  const answer = (req: express.Request, res: express.Response) => {
    const token = tokenOf(req);
    res.json({ sub: token.sub, scopes: token.scopes, siteIds: token.siteIds });
  };
  app.get('/sites', auth.requireScopes('sites:read'), answer);
  app.get('/publish', auth.requireScopes('sites:read', 'sites:write'), answer);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async get(path, authorization) {
      const response = await fetch(base + path, { headers: authorization === undefined ? {} : { authorization } });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: (await response.json()) as Record<string, unknown> };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
