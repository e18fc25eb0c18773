import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/spawn-cli.js';

/** docs/configuration.md: a bad value stops the process with one line naming the variable, exit code 2. */
const BAD_VALUES: Array<[string, string]> = [
  ['PORT', 'eighty'],
  ['PORT', '70000'],
  ['HOST', 'bad host!'],
  ['PUBLIC_URL', 'not a url'],
  ['PUBLIC_URL', 'ftp://gatehouse.example.com'],
  ['DATABASE_URL', 'mysql://root:hunter2secret@127.0.0.1/db'],
  ['REDIS_URL', 'http://127.0.0.1:6379'],
  ['LOG_LEVEL', 'loud'],
  ['GATEHOUSE_SECRET_KEY', 'too-short'],
  ['SIGNUP_ENABLED', 'maybe'],
  ['REFRESH_TOKENS', '2'],
  ['ACCESS_TOKEN_TTL_SECONDS', '0'],
  ['ACCESS_TOKEN_TTL_SECONDS', '-5'],
  ['TRUST_PROXY', 'perhaps'],
  ['TRUST_PROXY', '10.0.0.300'],
  ['TRUST_PROXY', '10.0.0.1, proxy.example.com'],
  ['TRUST_PROXY', '33'],
  ['PASSWORD_HASH_COST', '30'],
];

describe.concurrent('configuration errors (spawned `gatehouse start`)', { timeout: 60_000 }, () => {
  it.each(BAD_VALUES)('%s=%j prints one line naming the variable and exits 2', async (name, value) => {
    const result = await runCli(['start'], { DATA_DIR: tempDir(), [name]: value });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^gatehouse: configuration error: ${name}: \\S`));
  });

  it('names DATA_DIR when it points at a file', async () => {
    const file = path.join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const result = await runCli(['start'], { DATA_DIR: file });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^gatehouse: configuration error: DATA_DIR: must be a directory/)]);
  });

  it('never prints the password of a bad DATABASE_URL', async () => {
    const result = await runCli(['start'], { DATA_DIR: tempDir(), DATABASE_URL: 'mysql://root:hunter2secret@127.0.0.1/db' });
    expect(result.stderr).not.toContain('hunter2secret');
  });

  it('stops with one line and exit 1 when DATABASE_URL cannot be reached', async () => {
    const result = await runCli(['start'], { DATA_DIR: tempDir(), DATABASE_URL: 'postgres://gatehouse:pw-not-shown@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gatehouse: error: cannot use the database at DATABASE_URL: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  });

  it('reports a bad value from .env the same way, and admin commands too', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.env'), 'SIGNUP_ENABLED=sometimes\n');
    const result = await runCli(['users', 'list'], { DATA_DIR: dir }, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('gatehouse: configuration error: SIGNUP_ENABLED: must be true or false, got "sometimes"\n');
  });
});
