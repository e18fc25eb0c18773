// The /v2 read mix, endpoint by endpoint and mixed, on each Gatehouse configuration beside node:http
// hello and Fastify hello. Every request carries one of the fixture's 1,000 OAuth tokens in rotation.
import { headersFor, startGatehouseBehindProxy } from '../lib/behind-proxy.mjs';
import { blast, rawRequest } from '../lib/load-client.mjs';
import { compare } from '../lib/measure.mjs';
import { startBaseline, startGatehouse } from '../lib/servers.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARM_UP_REQUESTS = 20_000;

const ENDPOINTS = {
  'get site': (f, i) => `/v2/sites/${f.siteIds[i % f.siteIds.length]}`,
  'list sites': () => '/v2/sites',
  'token introspect': () => '/v2/token/introspect',
  'custom domains': (f, i) => `/v2/sites/${f.siteIds[i % f.siteIds.length]}/custom_domains`,
  'webhooks list': (f) => `/v2/sites/${f.siteIds[0]}/webhooks`,
  'comments list': (f) => `/v2/sites/${f.siteIds[0]}/comments`,
};
// Per 20 requests: 7 get-site over 5 sites, 3 list, 2 introspect, 2 domains, 2 webhooks, 4 comments.
const MIX = [
  ...Array(7).fill('get site'),
  ...Array(3).fill('list sites'),
  ...Array(2).fill('token introspect'),
  ...Array(2).fill('custom domains'),
  ...Array(2).fill('webhooks list'),
  ...Array(4).fill('comments list'),
];

function requestsFor(side, endpoint, headers) {
  const host = new URL(side.url).host;
  if (!side.fixture) return [rawRequest(host, 'GET', '/', headers)];
  const f = side.fixture;
  const out = [];
  const n = endpoint === 'mix' ? MIX.length * 50 : 1000;
  for (let i = 0; i < n; i++) {
    const name = endpoint === 'mix' ? MIX[i % MIX.length] : endpoint;
    out.push(
      rawRequest(host, 'GET', ENDPOINTS[name](f, Math.floor(i / (endpoint === 'mix' ? MIX.length : 1))), {
        ...headers,
        Authorization: `Bearer ${f.hotTokens[(i * 7919) % f.hotTokens.length]}`,
      }),
    );
  }
  return out;
}

/** Answers rows { suite, workload, side, cpuUs, dbCpuUs, rps, ... } for every endpoint and side. */
export async function readsSuite({ sqlite = true, postgres = true, proxied = true } = {}) {
  const sides = [await startBaseline('node-hello'), await startBaseline('fastify-hello')];
  if (sqlite) sides.push(await startGatehouse('sqlite'));
  if (sqlite && proxied) sides.push(await startGatehouseBehindProxy());
  if (postgres) sides.push(await startGatehouse('postgres'));
  const rows = [];
  try {
    // Every server has just started, all of them on the one core: the first endpoint's windows measured
    // the baselines a third slower than every later endpoint's (node:http hello 67 µs per request against
    // 48), which flattered that endpoint's ratio. Each side first answers the whole mix, not counted.
    for (const side of sides) await blast(side.url, requestsFor(side, 'mix', headersFor(side)), WARM_UP_REQUESTS);
    for (const endpoint of [...Object.keys(ENDPOINTS), 'mix']) {
      const cache = new Map();
      const measured = await compare(
        sides,
        (side) => {
          if (!cache.has(side)) cache.set(side, requestsFor(side, endpoint, headersFor(side)));
          return { requests: cache.get(side) };
        },
        { rounds: ROUNDS },
      );
      for (const [side, r] of measured) rows.push({ suite: 'reads', workload: side.fixture ? endpoint : 'hello', endpoint, side: side.name, ...r });
      console.log(
        `  ${endpoint}: ${[...measured].map(([s, r]) => `${s.name} ${r.cpuUs.toFixed(0)} µs${r.dbCpuUs !== undefined ? ` (+${r.dbCpuUs.toFixed(0)} db)` : ''} ${r.rps.toFixed(0)}/s`).join(' | ')}`,
      );
    }
  } finally {
    for (const side of sides) await side.stop();
  }
  return rows;
}
