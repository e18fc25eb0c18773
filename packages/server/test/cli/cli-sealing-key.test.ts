import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** docs/deployment.md, "PostgreSQL and Redis, several nodes": a key that does not open the stored secrets stops the node before it serves. */
describe('a node whose sealing key does not open the stored secrets', { timeout: 60_000 }, () => {
  it('refuses to start and names the setting; the key the secrets were sealed with starts', async () => {
    const env = { DATA_DIR: tempDir() };
    // `migrate` on an empty database opens no secret and finds the tables only once it has made them.
    expect((await runJson(['migrate'], env)).applied.length).toBeGreaterThan(0);
    await runJson(['seed', '--demo'], env);
    const sealedWith = readFileSync(path.join(env.DATA_DIR, 'secret.key'), 'utf8').trim();

    const otherKey = await runCli(['start'], { ...env, GATEHOUSE_SECRET_KEY: 'ab'.repeat(32), PORT: '0' });
    expect(otherKey.code).toBe(2);
    expect(otherKey.stderr).toBe(
      'gatehouse: configuration error: GATEHOUSE_SECRET_KEY: does not open the client secrets this database holds; ' +
        'start with the key they were sealed with: every node of one database needs the same key\n',
    );
    expect((await runCli(['apps', 'list'], { ...env, GATEHOUSE_SECRET_KEY: sealedWith })).code).toBe(0);

    // The database moved to a data directory without its key file: that node makes a key of its own, which opens nothing.
    const moved = { DATA_DIR: tempDir() };
    for (const file of ['gatehouse.sqlite', 'gatehouse.sqlite-wal', 'gatehouse.sqlite-shm'])
      if (existsSync(path.join(env.DATA_DIR, file))) copyFileSync(path.join(env.DATA_DIR, file), path.join(moved.DATA_DIR, file));
    const ownKeyFile = await runCli(['apps', 'list'], moved);
    expect(ownKeyFile.code).toBe(2);
    expect(ownKeyFile.stderr).toBe(
      `gatehouse: configuration error: GATEHOUSE_SECRET_KEY: is unset, and the key file ${path.join(moved.DATA_DIR, 'secret.key')} does not open ` +
        "the client secrets this database holds; set GATEHOUSE_SECRET_KEY to the key the database's other nodes use\n",
    );
  });
});
