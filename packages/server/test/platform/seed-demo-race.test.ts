import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { ensureDemo } from '../../src/platform/seed-demo.js';
import { createRuntime } from '../../src/runtime.js';
import { backends, dropSchema, requirePostgresUrl } from '../support/runtime.js';

describe.each(backends())('two nodes starting with --seed-demo on one empty %s database', (backend) => {
  it('seed it once, and both print the same demo credentials', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-seed-race-'));
    const databaseUrl = backend === 'postgres' ? requirePostgresUrl() : undefined;
    const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
    const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    const nodes = [];
    for (let i = 0; i < 2; i++) nodes.push(await createRuntime(config, schema ? { schema } : {}));
    try {
      const [a, b] = await Promise.all(nodes.map((n) => ensureDemo(n.ctx)));
      expect([a!.seeded, b!.seeded].sort()).toEqual([false, true]);
      expect(a!.credentials).toBeDefined();
      expect(b!.credentials).toEqual(a!.credentials);
      const users = await nodes[0]!.ctx.db.selectFrom('users').select('email').execute();
      expect(users).toEqual([{ email: 'demo@gatehouse.local' }]);
      expect(await nodes[0]!.ctx.db.selectFrom('apps').select('name').execute()).toEqual([{ name: 'Demo App' }]);
      // A later start finds the data and seeds nothing.
      expect(await ensureDemo(nodes[1]!.ctx)).toEqual({ seeded: false, credentials: a!.credentials });
    } finally {
      for (const n of nodes) await n.close();
      if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
