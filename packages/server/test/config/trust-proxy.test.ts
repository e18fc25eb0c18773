import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { startCli, tempDir, waitForOutput, freePort } from '../cli/spawn-cli.js';

const trustProxyOf = (value: string) => parseConfig({ DATA_DIR: tempDir(), TRUST_PROXY: value }).trustProxy;

describe('TRUST_PROXY', () => {
  it.each([
    ['', false],
    ['false', false],
    ['off', false],
    ['0', false],
    ['true', true],
    ['yes', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.0.2.7 ,2001:db8::/32', ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ] as const)('reads %j as %j', (raw, expected) => {
    expect(trustProxyOf(raw)).toEqual(expected);
  });

  describe('at start (spawned)', { timeout: 60_000 }, () => {
    const boot = async (value: string) => {
      const server = startCli([], { DATA_DIR: tempDir(), PORT: String(await freePort()), TRUST_PROXY: value });
      await waitForOutput(server, /Gatehouse is running at/);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      return server.output();
    };

    it('warns that TRUST_PROXY=true lets every client pick its own address', async () => {
      expect(await boot('true')).toMatch(/^gatehouse: warning: TRUST_PROXY=true trusts X-Forwarded-For from every peer/m);
    });

    it('does not warn when TRUST_PROXY names the proxy', async () => {
      expect(await boot('10.0.0.1')).not.toContain('warning');
    });
  });
});
