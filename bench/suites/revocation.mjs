// Revocation cost against cache size: two Gatehouse (SQLite) nodes whose token cache (which also answers
// introspection) holds SMALL and LARGE live entries (sized by the cache settings to keep them all), measured in
// alternating rounds revoking fresh tokens. The bar: the large node's CPU per revocation is within 1.25×
// of the small node's, so a revocation costs the same whatever the caches hold.
import { blast, rawRequest } from '../lib/load-client.mjs';
import { compare } from '../lib/measure.mjs';
import { startGatehouse } from '../lib/servers.mjs';

const SMALL = Number(process.env.BENCH_CACHE_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_CACHE_LARGE ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SUPPLY = Number(process.env.BENCH_CODES ?? 1000);
const form = (fields) => new URLSearchParams(fields).toString();

async function filled(entries) {
  const size = String(LARGE * 2);
  const side = await startGatehouse('sqlite', { TOKEN_CACHE_SIZE: size }, `Gatehouse SQLite, ${entries} cached`);
  const host = new URL(side.url).host;
  for (let done = 0; done < entries; done += 20_000) {
    const tokens = await side.ask('tokens', { n: Math.min(20_000, entries - done), shared: true });
    await blast(
      side.url,
      tokens.map((t) => rawRequest(host, 'GET', '/v2/token/introspect', { Authorization: `Bearer ${t}` })),
    );
  }
  return side;
}

export async function revocationSuite() {
  const sides = [await filled(SMALL), await filled(LARGE)];
  const rows = [];
  try {
    for (const [workload, path, field] of [
      ['RFC 7009 revoke', '/oauth/revoke', 'token'],
      ['revoke_authorization', '/oauth/revoke_authorization', 'access_token'],
    ]) {
      const measured = await compare(
        sides,
        async (side) => {
          const host = new URL(side.url).host;
          const tokens = await side.ask('tokens', { n: SUPPLY });
          const requests = tokens.map((t) =>
            rawRequest(host, 'POST', path, {}, form({ client_id: side.fixture.clientId, client_secret: side.fixture.clientSecret, [field]: t })),
          );
          return { requests, total: requests.length };
        },
        { rounds: ROUNDS, connections: 16 },
      );
      const [small, large] = sides.map((s) => measured.get(s));
      for (const [side, r] of measured) rows.push({ suite: 'revocation', workload, side: side.name, ...r });
      rows.push({ suite: 'revocation-scaling', workload, small: SMALL, large: LARGE, growth: large.cpuUs / small.cpuUs });
      console.log(
        `  ${workload}: ${small.cpuUs.toFixed(0)} µs with ${SMALL} cached, ${large.cpuUs.toFixed(0)} µs with ${LARGE} cached (${(large.cpuUs / small.cpuUs).toFixed(2)}×)`,
      );
    }
  } finally {
    for (const side of sides) await side.stop();
  }
  return rows;
}
