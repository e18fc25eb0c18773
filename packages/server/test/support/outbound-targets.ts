import type { Resolver } from '../../src/outbound/resolver.js';

/** Non-public targets in the spellings a URL parser accepts; `PORT` is replaced by a receiver's port. */
export const NON_PUBLIC_TARGETS: readonly string[] = [
  'https://127.0.0.1:PORT/',
  'https://127.1:PORT/',
  'https://2130706433:PORT/',
  'https://0x7f.1:PORT/',
  'https://0177.0.0.1:PORT/',
  'https://[::1]:PORT/',
  'https://[::ffff:127.0.0.1]:PORT/',
  'https://[::ffff:7f00:1]:PORT/',
  'https://[::127.0.0.1]:PORT/',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::ffff:a9fe:a9fe]/',
  'https://[fe80::1]/',
  'https://10.0.0.1/',
  'https://172.16.0.1/',
  'https://192.168.1.1/',
  'https://100.64.0.1/',
  'https://[fd00::1]/',
  'https://224.0.0.1/',
  'https://255.255.255.255/',
  'https://0.0.0.0/',
  'https://[::]/',
  'https://198.18.0.1/',
  'https://[64:ff9b::7f00:1]/',
  'https://[2002:7f00:1::]/',
  'https://localhost:PORT/',
  'https://hooks.localhost/',
  'https://loopback.test:PORT/',
  'https://metadata.test/',
  'https://half-private.test/',
  'http://127.1:PORT/',
  'http://loopback.test:PORT/',
];

/** A test resolver: `loopback.test` and friends point inside, `public.test` outside, `rebind.test` first out then in, `silent.test` never answers. */
export function testResolver(): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const table: Record<string, string[]> = {
    'loopback.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'half-private.test': ['93.184.216.34', '10.0.0.5'],
    'public.test': ['93.184.216.34'],
    'receiver.test': ['127.0.0.1'],
  };
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    // A DNS server that never answers.
    if (hostname === 'silent.test') return new Promise<never>(() => {});
    const rebound = hostname === 'rebind.test' ? [calls.filter((h) => h === hostname).length === 1 ? '93.184.216.34' : '127.0.0.1'] : undefined;
    const addresses = rebound ?? table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolve, { calls });
}
