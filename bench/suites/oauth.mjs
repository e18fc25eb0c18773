// OAuth endpoints against oidc-provider 9 (in memory): code exchange with a grant per code, RFC 7662
// introspection, RFC 7009 revocation and revoke_authorization (oidc-provider has none; its RFC 7009
// revocation is the nearest), and client_credentials as the cheapest token oidc-provider issues. Every
// code and every revoked token is fresh and used once; supplies are made over IPC before each window.
import { headersFor, startGatehouseBehindProxy } from '../lib/behind-proxy.mjs';
import { rawRequest } from '../lib/load-client.mjs';
import { compare } from '../lib/measure.mjs';
import { startBaseline, startGatehouse } from '../lib/servers.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SUPPLY = Number(process.env.BENCH_CODES ?? 1000);
const REDIRECT = 'https://app.example.com/callback';
const form = (fields) => new URLSearchParams(fields).toString();

const paths = (side) =>
  side.fixture.exchangePath
    ? side.fixture
    : {
        exchangePath: '/oauth/access_token',
        introspectPath: '/oauth/introspect',
        revokePath: '/oauth/revoke',
        revokeAuthorizationPath: '/oauth/revoke_authorization',
      };

function posts(side, path, bodies) {
  const host = new URL(side.url).host;
  const auth = { client_id: side.fixture.clientId, client_secret: side.fixture.clientSecret };
  return bodies.map((fields) => rawRequest(host, 'POST', path, headersFor(side), form({ ...auth, ...fields })));
}

const WORKLOADS = {
  'code exchange': async (side) =>
    posts(
      side,
      paths(side).exchangePath,
      (await side.ask('codes', { n: SUPPLY })).map((code) => ({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })),
    ),
  'RFC 7662 introspection': async (side) => {
    side.introspectTokens ??= await side.ask('tokens', { n: 500 });
    return posts(
      side,
      paths(side).introspectPath,
      side.introspectTokens.map((token) => ({ token })),
    );
  },
  'RFC 7009 revoke': async (side) =>
    posts(
      side,
      paths(side).revokePath,
      (await side.ask('tokens', { n: SUPPLY })).map((token) => ({ token })),
    ),
  revoke_authorization: async (side) => {
    const path = paths(side).revokeAuthorizationPath;
    const tokens = await side.ask('tokens', { n: SUPPLY });
    return path
      ? posts(
          side,
          path,
          tokens.map((access_token) => ({ access_token })),
        )
      : posts(
          side,
          paths(side).revokePath,
          tokens.map((token) => ({ token })),
        );
  },
  client_credentials: async (side) => posts(side, paths(side).exchangePath, [{ grant_type: 'client_credentials', scope: 'sites:read' }]),
};

export async function oauthSuite({ postgres = true, proxied = true } = {}) {
  const oidc = await startBaseline('oidc-provider');
  const gatehouse = [await startGatehouse('sqlite')];
  if (proxied) gatehouse.push(await startGatehouseBehindProxy());
  if (postgres) gatehouse.push(await startGatehouse('postgres'));
  const rows = [];
  try {
    for (const [workload, make] of Object.entries(WORKLOADS)) {
      const sides = workload === 'client_credentials' ? [oidc] : [...gatehouse, oidc];
      const once = workload === 'RFC 7662 introspection' || workload === 'client_credentials';
      const measured = await compare(
        sides,
        async (side) => {
          const requests = await make(side);
          return once ? { requests } : { requests, total: requests.length };
        },
        { rounds: ROUNDS, connections: 16 },
      );
      for (const [side, r] of measured) rows.push({ suite: 'oauth', workload, side: side.name, ...r });
      console.log(
        `  ${workload}: ${[...measured].map(([s, r]) => `${s.name} ${r.cpuUs.toFixed(0)} µs${r.dbCpuUs !== undefined ? ` (+${r.dbCpuUs.toFixed(0)} db)` : ''} ${r.rps.toFixed(0)}/s`).join(' | ')}`,
      );
    }
  } finally {
    for (const side of [...gatehouse, oidc]) await side.stop();
  }
  return rows;
}
