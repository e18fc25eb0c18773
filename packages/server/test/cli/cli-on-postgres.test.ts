import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, requirePostgresUrl } from '../support/runtime.js';
import { freePort, runJson, startCliInTerminal, tempDir } from './spawn-cli.js';

/** The CLI and server on PostgreSQL (DATABASE_URL), in a schema of this run's own. */
describe.runIf(backends().includes('postgres'))('gatehouse on PostgreSQL (spawned)', { timeout: 120_000 }, () => {
  const schema = `t_cli_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let env: Record<string, string>;
  beforeAll(async () => {
    const url = requirePostgresUrl();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    env = { DATA_DIR: tempDir(), DATABASE_URL: withSchema.toString() };
  });
  afterAll(async () => {
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.end();
  });

  it('seeds, creates tokens, rotates the secret, boots to /readyz and stops on Ctrl-C; stores no secret in clear', async () => {
    const demo = await runJson(['seed', '--demo'], env);
    const token = (await runJson(['tokens', 'create-site', '--site', 'docs', '--name', 'pg', '--scope', 'sites:read'], env)).access_token as string;
    const rotated = (await runJson(['apps', 'rotate-secret', demo.clientId], env)).client_secret as string;

    const port = await freePort();
    // In a terminal: the start banner shows a client secret only there.
    const server = startCliInTerminal(['--seed-demo'], { ...env, PORT: String(port) });
    const [, printedSecret] = await server.waitFor(/client_secret (\S+)/);
    expect(printedSecret).toBe(rotated);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' });
    expect(await server.stop()).toBe(0);

    const { rows: tables } = await admin.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = $1`, [schema]);
    expect(tables.length).toBeGreaterThan(15);
    let dump = '';
    for (const { t } of tables) {
      const { rows } = await admin.query<{ j: string }>(`select row_to_json(x)::text as j from "${schema}"."${t}" x`);
      dump += rows.map((r) => r.j).join('\n');
    }
    expect(dump).toContain(demo.clientId);
    for (const secret of [token, demo.clientSecret, rotated, demo.password]) expect(dump).not.toContain(secret);
  });
});
