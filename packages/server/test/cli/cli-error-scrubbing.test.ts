import { describe, expect, it } from 'vitest';
import { redactText, scrubLogLine } from '../../src/http/log-scrubber.js';
import { runCli, tempDir } from './spawn-cli.js';

/** docs/configuration.md, "What is never logged": errors on stderr are scrubbed like log lines. */
describe('gatehouse errors on stderr', { timeout: 60_000 }, () => {
  const env = { DATA_DIR: tempDir() };

  it('censor a token-shaped value the error quotes, keeping its prefix', async () => {
    const token = 'gth_st_' + 'A'.repeat(43);
    const run = await runCli(['tokens', 'create-site', '--site', token, '--scope', 'sites:read', '--name', 'ci'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gth_st_[Redacted]');
    expect(run.stderr).not.toContain(token);
  });

  it('censor the password of a database URL in a start-up failure', async () => {
    const run = await runCli(['migrate'], { ...env, DATABASE_URL: 'postgres://gatehouse:pw-NEVER-SHOWN@127.0.0.1:1/nowhere' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^gatehouse: .*DATABASE_URL/);
    expect(run.stderr).not.toContain('pw-NEVER-SHOWN');
  });

  it('have URL passwords censored by the scrubber every surface uses', () => {
    for (const scrub of [redactText, scrubLogLine]) {
      expect(scrub('cannot reach postgres://gatehouse:pw-NEVER-SHOWN@db:5432/app')).toBe('cannot reach postgres://gatehouse:[Redacted]@db:5432/app');
      expect(scrub('redis://:pw-NEVER-SHOWN@cache:6379 is down')).toBe('redis://:[Redacted]@cache:6379 is down');
      expect(scrub('https://example.com/a@b stays')).toBe('https://example.com/a@b stays');
    }
  });
});
