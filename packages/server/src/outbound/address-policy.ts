import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether Gatehouse may send a request to this IP address when private targets are not allowed
 * (docs/data-api.md, "Webhook targets"). Only globally routable unicast passes: ipaddr.js names every
 * special-purpose range of the IANA registries (RFC 6890) — loopback, private, link-local, carrier-grade
 * NAT, unique local, multicast, unspecified, broadcast, reserved, NAT64, 6to4, Teredo, IPv4-mapped —
 * and calls everything else `unicast`. IPv4-compatible IPv6 (`::a.b.c.d`, deprecated by RFC 4291
 * §2.5.5.1) is the one embedding of IPv4 it leaves in `unicast`, so it is refused here.
 */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== 'unicast') return false;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return true;
}

/** The IP address a URL's host names literally (WHATWG URL has already normalised `127.1`, `0x7f.1`, `2130706433`), or undefined for a DNS name. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}

/** RFC 6761 §6.3: `localhost` and every name under it are loopback, whatever a resolver says. */
export const isLocalhostName = (hostname: string): boolean => /(^|\.)localhost\.?$/i.test(hostname);
